package lockstep.lab05;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.CuratorConnection;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryForever;

/**
 * The seat locks of one node: one Curator client, the seats' {@link InterProcessMutex}es, and for
 * each buyer's attempt a {@link DistributedLock} around a mutex.
 *
 * <p>What it must guarantee once you are done (see the README's tasks): at most one holder of a
 * seat's lock at a time, across nodes and across the threads of one node; an attempt that waits
 * at most the time it is given and leaves nothing behind; a holder that stops at the first sign
 * that its session may be gone; a buyer's nested step that takes the lock again on the same thread
 * at once; and a node that reports a missing ZooKeeper within seconds instead of waiting for ever.
 */
public final class SeatLocks implements CuratorConnection {

    private final CuratorFramework curator;

    private SeatLocks(CuratorFramework curator) {
        this.curator = curator;
    }

    /**
     * Opens node {@code node}'s Curator client to {@code connectString}. The node's name is the data
     * of every lock znode it creates, so that {@code lockstep visualize} can show who holds and who
     * waits.
     */
    public static SeatLocks connect(String connectString, String node) throws InterruptedException {
        // TODO(lab05): Task 4: this client takes Curator's defaults: ZooKeeper keeps a crashed node's
        //  session, and so its seats, for 60 s, and every operation that cannot reach ZooKeeper
        //  tries again for ever, once a second. Nor does connect() wait for a first connection: with
        //  no ZooKeeper there, the node opens as if all were well and its first buyer waits for
        //  ever. Choose a session timeout, a connection timeout and a retry policy that give up in
        //  seconds, say in a comment why each number, and fail here, with the toolkit's sentence
        //  that says how to start a ZooKeeper, when none answers in time.
        CuratorFramework curator = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .retryPolicy(new RetryForever(1_000))
                .defaultData(node.getBytes(StandardCharsets.UTF_8))
                // The ensemble tracker follows a dynamic change of ZooKeeper's members, which these
                // labs never make; left on, it logs errors whenever ZooKeeper cannot be reached.
                .ensembleTracker(false)
                .build();
        curator.start();
        return new SeatLocks(curator);
    }

    /** A new attempt on the lock at {@code lockPath}, such as {@code /lockstep/lab05/A1}. */
    public DistributedLock lockFor(String lockPath) {
        // TODO(lab05): Task 3: a new mutex for every attempt. Curator's mutex is re-entrant for the
        //  thread that holds it, but only through the same mutex object: a buyer's nested step that
        //  asks a second mutex for the lock its outer step holds queues behind itself. A nested step
        //  of a buyer, on the buyer's thread, must reach the very mutex its outer step holds; two
        //  buyers on two threads must still never both hold the seat.
        return new Attempt(new InterProcessMutex(curator, lockPath));
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
    private final class Attempt implements DistributedLock {

        private final InterProcessMutex mutex;

        Attempt(InterProcessMutex mutex) {
            this.mutex = mutex;
        }

        @Override
        public boolean acquire(Duration maxWait) throws Exception {
            // TODO(lab05): Task 1: this waits until the lock comes, however long that takes, and
            //  ignores maxWait: a buyer who was given 300 ms waits for minutes. Wait at most
            //  maxWait; when the time runs out, say false, and leave no znode in the queue.
            mutex.acquire();
            return true;
        }

        @Override
        public boolean isHeld() {
            // TODO(lab05): Task 2: this asks the mutex, and the mutex only knows that this process
            //  once got the lock: it still says yes after the server expired our session and
            //  handed the seat to another node. Curator tells the client's listeners when the
            //  connection is SUSPENDED (we cannot know whether our session lives) and LOST (it does
            //  not). From the first of either, this attempt no longer holds the lock, for good,
            //  whatever comes after (RECONNECTED included). And whatever your attempt takes from
            //  the client to hear that, it gives back when it ends, even when ZooKeeper cannot be
            //  reached.
            return mutex.isAcquiredInThisProcess();
        }

        @Override
        public void release() throws Exception {
            // TODO(lab05): Task 1: after an acquire that did not get the lock (it said false, or
            //  threw), this thread owns nothing, and Curator's release throws. Release must be safe
            //  to call whatever acquire did, and release exactly what it took.
            mutex.release();
        }
    }
}
