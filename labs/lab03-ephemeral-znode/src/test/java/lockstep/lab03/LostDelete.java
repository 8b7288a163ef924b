package lockstep.lab03;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * A ZooKeeper session whose first {@code delete} goes through on the server while its answer is
 * lost: the session sends it, lets something happen meanwhile (the grader lets Bob take the lock
 * the delete has just freed), and then throws {@code ConnectionLossException} as if the answer had
 * never come. As {@link LostCreate} does for create, at the client's edge, because a real network
 * cannot pick that moment. Every other call, and every later delete, goes through unchanged.
 */
final class LostDelete extends ZooKeeper {

    /** What happens between the delete on the server and the lost answer; true if it did. */
    interface Meanwhile {
        boolean happen() throws InterruptedException;
    }

    private final AtomicBoolean struck = new AtomicBoolean();
    private volatile Meanwhile meanwhile = () -> true;
    private volatile boolean deleted;
    private volatile boolean meanwhileHappened;

    private LostDelete(String connectString, CountDownLatch connected) throws IOException {
        super(connectString, Math.toIntExact(Lab03.SESSION_TIMEOUT.toMillis()), event -> {
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
    }

    /** A connected session whose first delete is carried out and its answer lost. */
    static LostDelete connect(String connectString, Duration timeout) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        LostDelete session = new LostDelete(connectString, connected);
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            session.close();
            throw new ZooKeeperUnavailableException(connectString, timeout);
        }
        return session;
    }

    /** What to let happen after the first delete went through and before its answer is lost. */
    void whileTheAnswerIsLost(Meanwhile meanwhile) {
        this.meanwhile = meanwhile;
    }

    /** Whether the first delete came. */
    boolean struck() {
        return struck.get();
    }

    /** Whether the first delete deleted a znode on the server. */
    boolean deleted() {
        return deleted;
    }

    /** Whether what was to happen meanwhile did. */
    boolean meanwhileHappened() {
        return meanwhileHappened;
    }

    @Override
    public void delete(String path, int version) throws InterruptedException, KeeperException {
        if (!struck.compareAndSet(false, true)) {
            super.delete(path, version);
            return;
        }
        super.delete(path, version);
        deleted = true;
        meanwhileHappened = meanwhile.happen();
        throw new KeeperException.ConnectionLossException();
    }
}
