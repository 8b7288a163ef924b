package lockstep.workshop.zookeeper;

import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * The herd-prone lock that {@link HerdBenchmark} measures: one ephemeral znode, and every waiter
 * watches it with {@code exists}, so each release wakes every waiter. Deliberately minimal: it
 * ignores lost connections and sessions, which a real lock (Lab 03's task) must handle.
 */
final class OneZnodeLock {

    private static final byte[] NO_DATA = new byte[0];

    private final ZooKeeper zooKeeper;
    private final String lockPath;

    OneZnodeLock(ZooKeeper zooKeeper, String lockPath) {
        this.zooKeeper = zooKeeper;
        this.lockPath = lockPath;
    }

    void acquire() throws KeeperException, InterruptedException {
        while (true) {
            try {
                zooKeeper.create(lockPath, NO_DATA, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                return;
            } catch (KeeperException.NodeExistsException e) {
                // Someone holds it: wait for any change to the znode, then race for it again.
                CountDownLatch changed = new CountDownLatch(1);
                if (zooKeeper.exists(lockPath, event -> changed.countDown()) != null) {
                    changed.await();
                }
            }
        }
    }

    void release() throws KeeperException, InterruptedException {
        zooKeeper.delete(lockPath, -1);
    }
}
