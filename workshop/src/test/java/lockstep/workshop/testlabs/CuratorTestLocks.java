package lockstep.workshop.testlabs;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.retry.RetryUntilElapsed;

/**
 * Curator's mutex behind the lock seam, on a lab of its own that runs on a three-member ensemble: for testing the
 * faults that stop its servers. Two minds about a connection that drops: one rides through (SUSPENDED waits,
 * RECONNECTED in the same session goes on, LOST ends the hold), one gives up at the first SUSPENDED it hears, as Lab
 * 05's lock does.
 */
public final class CuratorTestLocks {

    /** A lab made for these tests only: it is in no catalog, so its races run on threads. */
    public static final Lab LAB = Lab.onZooKeeper(98, "lab98-ensemble-test", "Ensemble faults, tested",
            "/lockstep/ensemble-test").withEnsemble(3).withTimedLock();

    /**
     * Long enough to outlast an election and the reconnect after it: the election takes about a second here, but a
     * client then tries the members one by one, and at a load of 30 on two cores a 3 s session ended before the
     * holder was back. Short enough for a test of a lost quorum (twice this).
     */
    public static final Duration SESSION = Timing.survivingSession();

    private CuratorTestLocks() {
    }

    public static Implementation code(Class<? extends LabBooking> seam) {
        return Implementation.of(LAB, seam);
    }

    /** Rides through a member's stop: a holder that hears SUSPENDED waits to hear whether its session survived. */
    public static final class RidesThrough implements LockLab<Node> {

        @Override
        public Node connect(NodeContext node) {
            return new Node(node.services().requireZookeeper(), new RetryUntilElapsed(20_000, 200));
        }

        @Override
        public DistributedLock newLock(Node node, LockRequest request) {
            return node.rideThrough(request.lock());
        }
    }

    /** Gives up at the first SUSPENDED its attempt hears, waiting or holding, and retries for a few seconds only. */
    public static final class GivesUpWhenSuspended implements LockLab<Node> {

        @Override
        public Node connect(NodeContext node) {
            return new Node(node.services().requireZookeeper(), new ExponentialBackoffRetry(100, 3));
        }

        @Override
        public DistributedLock newLock(Node node, LockRequest request) {
            return node.giveUpWhenSuspended(request.lock());
        }
    }

    /** One node's Curator client, and what it has heard of its connection. */
    public static final class Node implements AutoCloseable, ConnectionStateListener {

        private final CuratorFramework curator;
        private final Object heard = new Object();
        private ConnectionState state = ConnectionState.CONNECTED;
        private int sessionsLost;

        Node(String connectString, RetryPolicy retry) {
            curator = CuratorFrameworkFactory.builder().connectString(connectString)
                    .sessionTimeoutMs((int) SESSION.toMillis()).connectionTimeoutMs(2_000).retryPolicy(retry).build();
            curator.getConnectionStateListenable().addListener(this);
            curator.start();
            try {
                if (!curator.blockUntilConnected(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("no ZooKeeper at " + connectString);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while connecting", e);
            }
        }

        @Override
        public void stateChanged(CuratorFramework client, ConnectionState newState) {
            synchronized (heard) {
                state = newState;
                sessionsLost += newState == ConnectionState.LOST ? 1 : 0;
                heard.notifyAll();
            }
        }

        DistributedLock rideThrough(String path) {
            InterProcessMutex mutex = new InterProcessMutex(curator, path);
            return new DistributedLock() {
                private int lostBefore;
                private boolean acquired;

                @Override
                public boolean acquire(Duration maxWait) throws Exception {
                    long deadline = System.nanoTime() + maxWait.toNanos();
                    lostBefore = sessionsLost();
                    acquired = mutex.acquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
                    while (acquired && sessionsLost() != lostBefore) {
                        // Our place in the queue went with the session we waited in: queue again, in the new one.
                        mutex.release();
                        lostBefore = sessionsLost();
                        acquired = mutex.acquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                    return acquired;
                }

                @Override
                public boolean isHeld() {
                    long deadline = System.nanoTime() + SESSION.multipliedBy(2).toNanos();
                    synchronized (heard) {
                        while (state == ConnectionState.SUSPENDED && sessionsLost == lostBefore
                                && System.nanoTime() < deadline) {
                            try {
                                heard.wait(50);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        }
                        return acquired && state.isConnected() && sessionsLost == lostBefore;
                    }
                }

                @Override
                public void release() throws Exception {
                    if (acquired) {
                        acquired = false;
                        mutex.release();
                    }
                }
            };
        }

        DistributedLock giveUpWhenSuspended(String path) {
            InterProcessMutex mutex = new InterProcessMutex(curator, path);
            return new DistributedLock() {
                private volatile boolean suspended;
                private boolean acquired;
                private final ConnectionStateListener listener = (client, newState) -> {
                    if (!newState.isConnected()) {
                        suspended = true;
                    }
                };

                @Override
                public boolean acquire(Duration maxWait) throws Exception {
                    curator.getConnectionStateListenable().addListener(listener);
                    acquired = mutex.acquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
                    return acquired;
                }

                @Override
                public boolean isHeld() {
                    return acquired && !suspended;
                }

                @Override
                public void release() throws Exception {
                    curator.getConnectionStateListenable().removeListener(listener);
                    if (acquired) {
                        acquired = false;
                        mutex.release();
                    }
                }
            };
        }

        private int sessionsLost() {
            synchronized (heard) {
                return sessionsLost;
            }
        }

        @Override
        public void close() {
            curator.close();
        }
    }

    /** A session for the tests' own looks at the ensemble. */
    public static org.apache.zookeeper.ZooKeeper observer(String connectString) {
        return ZooKeeperConnections.zooKeeper(connectString, Duration.ofSeconds(30), event -> { });
    }
}
