package lockstep.workshop.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Small tools for znodes: making a lab's lock root, finding the lock znodes under it, and waiting
 * for znodes to change with watches rather than polling, so a grader can sequence on them.
 */
public final class ZNodes {

    /**
     * A znode that is a lock: one a session owns (ephemeral), or a persistent one with an owner in
     * its data. A folder, such as a lab's lock root or Lab 04's folder of one seat's queue, has neither.
     *
     * @param path      its path, for example {@code /lockstep/locks/A1}
     * @param sessionId the session that owns it, or 0 for a persistent znode
     * @param owner     its data, for example {@code node-03/buyer-0042}; empty when it has none
     */
    public record Lock(String path, long sessionId, String owner) {
    }

    private ZNodes() {
    }

    /**
     * A node's new {@code session}, once {@code lockRoot} is there ({@link #createPersistentPath}: the first node to
     * ask creates it). If it cannot be made, the session is closed before the failure is thrown, so that a node that
     * could not start leaves no session behind.
     */
    public static <S extends ZooKeeper> S withLockRoot(S session, String lockRoot)
            throws KeeperException, InterruptedException {
        try {
            createPersistentPath(session, lockRoot);
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            ZooKeeperConnections.closeQuietly(session);
            throw e;
        }
        return session;
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

    /** Every lock znode below {@code root}, at any depth, depth first; none if {@code root} is not there. */
    public static List<Lock> locksUnder(ZooKeeper observer, String root) throws KeeperException, InterruptedException {
        List<Lock> found = new ArrayList<>();
        collectLocks(observer, root, found);
        return found;
    }

    /** Deletes every lock znode below {@code root}, whoever holds it; the folders stay. */
    public static void deleteLocksUnder(ZooKeeper observer, String root) throws KeeperException, InterruptedException {
        for (Lock lock : locksUnder(observer, root)) {
            try {
                observer.delete(lock.path(), -1);
            } catch (KeeperException.NoNodeException e) {
                // Safe to ignore: its session ended as we looked, which is what we wanted.
            }
        }
    }

    private static void collectLocks(ZooKeeper observer, String path, List<Lock> found)
            throws KeeperException, InterruptedException {
        List<String> children;
        try {
            children = observer.getChildren(path, false);
        } catch (KeeperException.NoNodeException e) {
            return; // nothing there (yet), which is an answer too
        }
        for (String child : children) {
            String childPath = path + "/" + child;
            Stat stat = new Stat();
            byte[] data;
            try {
                data = observer.getData(childPath, false, stat);
            } catch (KeeperException.NoNodeException e) {
                continue; // deleted as we looked
            }
            if (stat.getEphemeralOwner() != 0 || (data != null && data.length > 0)) {
                found.add(new Lock(childPath, stat.getEphemeralOwner(),
                        data == null ? "" : new String(data, StandardCharsets.UTF_8)));
            }
            if (stat.getNumChildren() > 0) {
                collectLocks(observer, childPath, found);
            }
        }
    }
}
