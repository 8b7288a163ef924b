package lockstep.lab05;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.CuratorConnection;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.retry.ExponentialBackoffRetry;

/**
 * The seat locks of one node: one Curator client, an {@link InterProcessMutex} per seat and thread,
 * and for each buyer's attempt a {@link DistributedLock} around its thread's mutex.
 *
 * <p>Guarantees: at most one holder of a seat's lock at a time, across nodes and across the
 * threads of one node (Curator's queue of sequential znodes decides, fairly, in the order buyers
 * asked). Re-entrant per thread: a buyer's nested step on the same thread takes the lock again at
 * once, and the lock is let go when the outermost step releases it. An attempt waits at most the
 * time it is given, and leaves nothing behind when it gives up.
 *
 * <p>Session loss: Curator's mutex never tells its holder that the session may be gone. So each
 * attempt that holds the lock listens to the client's connection itself, and from the first
 * {@code SUSPENDED} or {@code LOST} on it says it no longer holds the lock, for good: by the time
 * the client hears {@code LOST}, the server may have expired the session long ago and another buyer
 * may hold the seat. A {@code RECONNECTED} changes nothing (it also follows a {@code LOST}, with a
 * new session).
 *
 * <p>When ZooKeeper is away, nothing here waits for ever: {@link #connect} gives up after a few
 * seconds, and every operation after a few retries.
 */
public final class SeatLocks implements CuratorConnection {

    /**
     * How long ZooKeeper keeps a silent node's session, and so its locks: a crashed node blocks its
     * seats for about 6 s. The client says SUSPENDED after two thirds of it (4 s of silence), and
     * Curator says LOST once the whole timeout has passed since. Shorter sessions free a dead node's
     * seats sooner, but a node that only stalls (a long garbage collection, ten JVMs on two cores)
     * then loses its locks for nothing: at 4 s, races on a busy machine here did.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /**
     * How long one try of an operation waits for a connection before it counts as failed. It only
     * matters once the connection is gone, so it can be short: a ZooKeeper that comes back within
     * the tries below (a new leader serves about a second after the old one died) is found again.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    /**
     * How long a node waits for its first connection before it reports that no ZooKeeper answers:
     * longer than one try, since a JVM that has just started on a busy machine took up to 5 s here
     * to connect, and short enough that a missing ZooKeeper is reported within 15 s.
     */
    static final Duration FIRST_CONNECTION_WAIT = Duration.ofSeconds(10);
    /**
     * How often an operation that meets a lost connection is tried again, after a pause that grows
     * from 100 ms: four tries of up to 1 s each. A buyer waiting in the queue when ZooKeeper goes
     * away hears of it once Curator gives the session up (LOST, a session timeout later) and the
     * tries have failed: after 7 to 12 s.
     */
    private static final int RETRIES = 3;
    private static final int FIRST_RETRY_PAUSE_MS = 100;

    private final CuratorFramework curator;
    /**
     * For each lock path, one mutex per thread of this node. Curator's re-entrancy lives in the
     * mutex object, counted per thread: a buyer's nested step finds the object its outer step holds
     * because it runs on the same thread. Threads do not share one: Curator wakes every thread that
     * waits on an object whenever one of them is to be woken, and each release of it takes back the
     * watches of them all, so a shared object made the node's waiting buyers re-read the queue at
     * every handoff.
     */
    private final ConcurrentMap<String, ThreadLocal<InterProcessMutex>> mutexes = new ConcurrentHashMap<>();
    /** The seats this node holds: a buyer of the node may go ahead on them. */
    private final Set<ThreadLocal<InterProcessMutex>> heldOnThisNode = ConcurrentHashMap.newKeySet();

    private SeatLocks(CuratorFramework curator) {
        this.curator = curator;
    }

    /**
     * Opens node {@code node}'s Curator client to {@code connectString} and waits until it is
     * connected. The node's name is the data of every lock znode it creates, so that
     * {@code lockstep visualize} can show who holds and who waits.
     *
     * @throws ZooKeeperUnavailableException if no ZooKeeper answers within {@link #FIRST_CONNECTION_WAIT}
     */
    public static SeatLocks connect(String connectString, String node) throws InterruptedException {
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs(millis(SESSION_TIMEOUT))
                .connectionTimeoutMs(millis(CONNECTION_TIMEOUT))
                .retryPolicy(new ExponentialBackoffRetry(FIRST_RETRY_PAUSE_MS, RETRIES))
                .defaultData(node.getBytes(StandardCharsets.UTF_8))
                // The ensemble tracker follows a dynamic change of ZooKeeper's members, which these
                // labs never make; left on, it logs errors whenever ZooKeeper cannot be reached.
                .ensembleTracker(false)
                .build();
        curator.start();
        try {
            if (!curator.blockUntilConnected(millis(FIRST_CONNECTION_WAIT), TimeUnit.MILLISECONDS)) {
                throw new ZooKeeperUnavailableException(connectString, FIRST_CONNECTION_WAIT);
            }
        } catch (InterruptedException | RuntimeException e) {
            curator.close();
            throw e;
        }
        return new SeatLocks(curator);
    }

    /** A new attempt on the lock at {@code lockPath}, such as {@code /lockstep/lab05/A1}. */
    public DistributedLock lockFor(String lockPath) {
        return new Attempt(mutexes.computeIfAbsent(lockPath,
                path -> ThreadLocal.withInitial(() -> new InterProcessMutex(curator, path))));
    }

    @Override
    public CuratorFramework curator() {
        return curator;
    }

    /** Closes the client: the session ends, and ZooKeeper deletes the node's lock znodes at once. */
    @Override
    public void close() {
        curator.close();
    }

    /**
     * One buyer's attempt on a seat's mutex. Curator's mutex belongs to a thread: the attempt's
     * acquire and release run on the buyer's thread, as the toolkit's guarded sale does.
     */
    private final class Attempt implements DistributedLock, ConnectionStateListener {

        private final ThreadLocal<InterProcessMutex> mutexOfEachThread;
        /** The mutex of the thread that acquired it; only that thread may release it. */
        private InterProcessMutex mutex;
        private volatile boolean held;
        private volatile boolean lost;

        Attempt(ThreadLocal<InterProcessMutex> mutexOfEachThread) {
            this.mutexOfEachThread = mutexOfEachThread;
        }

        /**
         * Waits at most {@code maxWait} for the mutex. Curator returns false when the time runs out
         * and deletes its znode; it throws when it cannot reach ZooKeeper within its retries.
         */
        @Override
        public boolean acquire(Duration maxWait) throws Exception {
            mutex = mutexOfEachThread.get(); // this thread's: a nested step of this buyer finds the same
            if (heldOnThisNode.contains(mutexOfEachThread)) {
                held = true; // this node holds the seat already
                return true;
            }
            held = mutex.acquire(maxWait.toNanos(), TimeUnit.NANOSECONDS);
            if (held) {
                heldOnThisNode.add(mutexOfEachThread);
                // From the grant on, any doubt about the session ends this attempt. (A lost connection
                // while we waited does not: Curator read the queue again after it, in whatever session
                // the client has now.) A loss between the grant and this line is not missed either:
                // the client says it is not connected before it tells its listeners.
                curator.getConnectionStateListenable().addListener(this);
                if (!curator.getZookeeperClient().isConnected()) {
                    lost = true;
                }
            }
            return held;
        }

        @Override
        public boolean isHeld() {
            return held && !lost;
        }

        /**
         * One release of the mutex (Curator deletes our znode when the outermost hold lets go). Does
         * nothing after an acquire that did not get the lock: Curator would throw, since this thread
         * does not own it.
         */
        @Override
        public void release() throws Exception {
            if (!held) {
                return;
            }
            held = false;
            heldOnThisNode.remove(mutexOfEachThread);
            try {
                mutex.release();
            } finally {
                stopListening(); // even when the release could not reach ZooKeeper
            }
        }

        /** Called by Curator on its own thread, one state at a time, for every listener: keep it short. */
        @Override
        public void stateChanged(CuratorFramework client, ConnectionState newState) {
            // SUSPENDED: we cannot tell whether the server still keeps our session. LOST: it does
            // not. Either way the lock may be someone else's now, and a RECONNECTED cannot prove
            // otherwise, so we do not take it back.
            if (!newState.isConnected()) {
                lost = true;
            }
        }

        private void stopListening() {
            curator.getConnectionStateListenable().removeListener(this);
        }
    }

    private static int millis(Duration duration) {
        return Math.toIntExact(duration.toMillis());
    }
}
