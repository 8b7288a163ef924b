package lockstep.lab08;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.RetryUntilElapsed;
import org.apache.zookeeper.data.Stat;

/**
 * A seat's lock on a ZooKeeper ensemble whose servers stop: Curator's {@code InterProcessMutex}, with the fencing
 * token of its own lock node (Lab 06). This is the first file you work on.
 *
 * <p>What it must guarantee when you are done: one holder at a time, and a holder that writes only while its session,
 * and so its lock node, is alive; and through each fault of the ensemble (a follower stops, the leader stops, two of
 * three stop for longer than a session) at most one buyer told "failed": the holder whose session the outage ended.
 */
public final class SeatLock implements DistributedLock, ConnectionStateListener {

    /**
     * How long ZooKeeper keeps a silent client's session: well past an election (about a second here, a few on a
     * loaded machine), so that the leader's stop never ends a session; short enough that a crashed node's seat waits
     * only seconds. The embedded servers allow 1 to 10 s.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(8);

    /** How long one try to reach a server may take before the retry policy decides on the next. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);

    /** How long a first connection may take before the node gives up: the ensemble is there at the start. */
    private static final Duration FIRST_CONNECTION = Duration.ofSeconds(10);

    private final CuratorFramework zooKeeper;
    private final Mutex mutex;
    private final Object heard = new Object();
    private ConnectionState state = ConnectionState.CONNECTED;
    private int sessionsLost;
    private int sessionsLostAtGrant;
    private volatile boolean acquired;
    private OptionalLong token = OptionalLong.empty();

    SeatLock(CuratorFramework zooKeeper, String folder) {
        this.zooKeeper = zooKeeper;
        this.mutex = new Mutex(zooKeeper, folder);
    }

    /**
     * A node's client of the ensemble at {@code connectString}, connected.
     *
     * @throws ZooKeeperUnavailableException if no server answers within 10 s
     */
    public static CuratorFramework connect(String connectString) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) SESSION_TIMEOUT.toMillis())
                .connectionTimeoutMs((int) CONNECTION_TIMEOUT.toMillis())
                .retryPolicy(retryPolicy())
                .ensembleTracker(false)
                .build();
        client.start();
        try {
            if (client.blockUntilConnected((int) FIRST_CONNECTION.toMillis(), TimeUnit.MILLISECONDS)) {
                return client;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
        throw new ZooKeeperUnavailableException(connectString, FIRST_CONNECTION);
    }

    /**
     * What a call does when it meets a lost connection. Retries every half second for 25 s: past a majority's outage
     * of 12 s and the election after it, so that a waiter keeps its place in the line instead of failing; bounded, so
     * that a lock service that never comes back ends the attempt.
     */
    static RetryPolicy retryPolicy() {
        return new RetryUntilElapsed(25_000, 500);
    }

    /**
     * Waits up to {@code maxWait} for the lock. A grant on a lock node of a session that ended while we waited does
     * not count: that node is the old session's, and the server removes it any moment. We give it up and queue again
     * in the session we have now.
     */
    @Override
    public boolean acquire(Duration maxWait) throws Exception {
        long deadline = System.nanoTime() + maxWait.toNanos();
        zooKeeper.getConnectionStateListenable().addListener(this);
        if (!zooKeeper.getZookeeperClient().isConnected()) {
            stateChanged(zooKeeper, ConnectionState.SUSPENDED); // cut off before the listener was there to hear it
        }
        if (!queueUntilGranted(deadline)) {
            zooKeeper.getConnectionStateListenable().removeListener(this);
            return false;
        }
        acquired = true;
        try {
            token = tokenOf(mutex.lockNode());
        } catch (Exception e) {
            release();
            throw e;
        }
        return true;
    }

    /** Waits in the line until a grant in a session that lived through the wait, or the deadline. */
    private boolean queueUntilGranted(long deadline) throws Exception {
        try {
            while (true) {
                int lostBefore = sessionsLost();
                if (!mutex.acquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    return false;
                }
                if (sessionsLost() == lostBefore) {
                    sessionsLostAtGrant = lostBefore;
                    return true;
                }
                releaseQuietly();
            }
        } catch (Exception e) {
            zooKeeper.getConnectionStateListenable().removeListener(this);
            throw e;
        }
    }

    /**
     * Whether the lock is still ours. While the client is cut off (SUSPENDED) we cannot know yet, so we wait to hear:
     * RECONNECTED with no LOST in between means the same session, so the same lock node, and nobody else got the
     * lock; LOST means it is gone. We wait at most a session and a little more: by then Curator has said LOST.
     */
    @Override
    public boolean isHeld() {
        long deadline = System.nanoTime() + SESSION_TIMEOUT.plusSeconds(2).toNanos();
        synchronized (heard) {
            while (state == ConnectionState.SUSPENDED && sessionsLost == sessionsLostAtGrant) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(heard, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return acquired && state.isConnected() && sessionsLost == sessionsLostAtGrant
                    && mutex.isOwnedByCurrentThread();
        }
    }

    @Override
    public void release() {
        zooKeeper.getConnectionStateListenable().removeListener(this);
        if (acquired) {
            acquired = false;
            releaseQuietly();
        }
    }

    @Override
    public OptionalLong fencingToken() {
        return token;
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        synchronized (heard) {
            state = newState;
            if (newState == ConnectionState.LOST) {
                sessionsLost++;
            }
            heard.notifyAll();
        }
    }

    private int sessionsLost() {
        synchronized (heard) {
            return sessionsLost;
        }
    }

    private void releaseQuietly() {
        try {
            mutex.release();
        } catch (Exception e) {
            // The session may be gone, and its ephemeral lock node with it; Curator retries the delete in the
            // background if the connection comes back. Either way the lock is not ours to give any more.
        }
    }

    /** The creation zxid of our lock node, as in Lab 06: it grows with every grant, whoever holds the lock. */
    private OptionalLong tokenOf(String lockNode) throws Exception {
        Stat created = zooKeeper.checkExists().forPath(lockNode);
        if (created == null) {
            throw new IllegalStateException("the lock node " + lockNode + " is gone before its fencing token could be"
                    + " read: the session that held it has ended");
        }
        return OptionalLong.of(created.getCzxid());
    }

    /** The mutex, with the path of the lock node it holds: Curator keeps that protected. */
    private static final class Mutex extends InterProcessMutex {

        Mutex(CuratorFramework zooKeeper, String folder) {
            super(zooKeeper, folder);
        }

        String lockNode() {
            return getLockPath();
        }
    }
}
