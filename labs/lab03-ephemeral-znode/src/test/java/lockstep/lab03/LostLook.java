package lockstep.lab03;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A ZooKeeper session whose first read that sets a watch ({@code exists}, {@code getData} or
 * {@code getChildren} with a watcher) is lost on its way: it throws
 * {@code ConnectionLossException} without sending anything, as {@link LostCreate} does for create.
 * A waiter meets it when it first looks at the lock it waits for. Every other call, and every
 * later read, goes through unchanged.
 */
final class LostLook extends ZooKeeper {

    private final AtomicBoolean struck = new AtomicBoolean();
    private final CountDownLatch struckLatch = new CountDownLatch(1);

    private LostLook(String connectString, CountDownLatch connected) throws IOException {
        super(connectString, Math.toIntExact(Lab03.SESSION_TIMEOUT.toMillis()), event -> {
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
    }

    /** A connected session whose first read with a watcher is lost. */
    static LostLook connect(String connectString, Duration timeout) throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        LostLook session = new LostLook(connectString, connected);
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            session.close();
            throw new ZooKeeperUnavailableException(connectString, timeout);
        }
        return session;
    }

    /** Waits until the first read with a watcher has come and been lost; false if not within {@code budget}. */
    boolean awaitStruck(Duration budget) throws InterruptedException {
        return struckLatch.await(budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Stat exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        loseIfFirst(watcher);
        return super.exists(path, watcher);
    }

    @Override
    public byte[] getData(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        loseIfFirst(watcher);
        return super.getData(path, watcher, stat);
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        loseIfFirst(watcher);
        return super.getChildren(path, watcher);
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        loseIfFirst(watcher);
        return super.getChildren(path, watcher, stat);
    }

    private void loseIfFirst(Watcher watcher) throws KeeperException.ConnectionLossException {
        if (watcher != null && struck.compareAndSet(false, true)) {
            struckLatch.countDown();
            throw new KeeperException.ConnectionLossException();
        }
    }
}
