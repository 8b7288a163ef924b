package lockstep.workshop.zookeeper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Small tools for znodes: making a lab's lock root, and waiting for znodes to change with watches
 * rather than polling, so a grader can sequence on them.
 */
public final class ZNodes {

    private ZNodes() {
    }

    /**
     * Creates {@code path} (such as {@code /lockstep/locks}) and each missing parent as persistent,
     * empty znodes, unless they are there already: every node of a race does this at once, and the
     * first create of each wins.
     */
    public static void createPersistentPath(ZooKeeper session, String path) throws KeeperException, InterruptedException {
        StringBuilder prefix = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            prefix.append('/').append(part);
            try {
                session.create(prefix.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // Safe to ignore: another node created it first, and one is all we need.
            }
        }
    }

    /**
     * Waits until {@code path} does not exist, as seen by {@code observer}'s server.
     *
     * @return true once it is gone; false if it still exists after {@code timeout}
     * @throws KeeperException if the observer cannot ask (for example, it lost its own connection)
     */
    public static boolean awaitDeleted(ZooKeeper observer, String path, Duration timeout)
            throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            CountDownLatch changed = new CountDownLatch(1);
            // The watch fires on any change to the node; we look again after each one.
            if (observer.exists(path, event -> changed.countDown()) == null) {
                return true;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0 || !changed.await(remaining, TimeUnit.NANOSECONDS)) {
                return observer.exists(path, false) == null;
            }
        }
    }
}
