package lockstep.workshop.zookeeper;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/** Waits for znodes to change, with watches rather than polling, so a grader can sequence on them. */
public final class ZNodes {

    private ZNodes() {
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
