package lockstep.lab03;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * A ZooKeeper session whose first {@code create} meets a lost connection, at a moment of the
 * grader's choosing. A real network cannot pick the moment between "the server created the
 * znode" and "its answer arrived", so this session does it at the client's edge: with
 * {@link What#ANSWER_LOST} it sends the first create to the server and then throws
 * {@code ConnectionLossException} as if the answer had been lost; with {@link What#REQUEST_LOST}
 * it throws before sending anything. Every other call, and every later create, goes through
 * unchanged. (The synchronous creates only; the lab's lock uses those.) A session shared by two
 * buyers can wait for the second buyer's create: {@link #connectUnarmed}, then {@link #arm()}.
 */
final class LostCreate extends ZooKeeper {

    /** Which half of the first create is lost. */
    enum What {
        /** The create reaches the server; its answer does not come back. */
        ANSWER_LOST,
        /** The create never reaches the server. */
        REQUEST_LOST
    }

    private final What what;
    private final AtomicBoolean struck = new AtomicBoolean();
    private volatile boolean armed;

    private LostCreate(String connectString, CountDownLatch connected, What what) throws IOException {
        super(connectString, Math.toIntExact(Lab03.SESSION_TIMEOUT.toMillis()), event -> {
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        });
        this.what = what;
    }

    /** A connected session whose first create loses {@code what}. */
    static LostCreate connect(String connectString, What what, Duration timeout) throws IOException, InterruptedException {
        LostCreate session = connectUnarmed(connectString, what, timeout);
        session.arm();
        return session;
    }

    /** A connected session whose first create after {@link #arm()} loses {@code what}; until then, creates go through. */
    static LostCreate connectUnarmed(String connectString, What what, Duration timeout)
            throws IOException, InterruptedException {
        CountDownLatch connected = new CountDownLatch(1);
        LostCreate session = new LostCreate(connectString, connected, what);
        if (!connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            session.close();
            throw new ZooKeeperUnavailableException(connectString, timeout);
        }
        return session;
    }

    /** From now on, the next create loses {@code what}. */
    void arm() {
        armed = true;
    }

    /** Whether the first create has come and met its lost connection. */
    boolean struck() {
        return struck.get();
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode)
            throws KeeperException, InterruptedException {
        if (strikesNow()) {
            if (what == What.ANSWER_LOST) {
                super.create(path, data, acl, createMode);
            }
            throw new KeeperException.ConnectionLossException();
        }
        return super.create(path, data, acl, createMode);
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode, Stat stat)
            throws KeeperException, InterruptedException {
        if (strikesNow()) {
            if (what == What.ANSWER_LOST) {
                super.create(path, data, acl, createMode, stat);
            }
            throw new KeeperException.ConnectionLossException();
        }
        return super.create(path, data, acl, createMode, stat);
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode, Stat stat, long ttl)
            throws KeeperException, InterruptedException {
        if (strikesNow()) {
            if (what == What.ANSWER_LOST) {
                super.create(path, data, acl, createMode, stat, ttl);
            }
            throw new KeeperException.ConnectionLossException();
        }
        return super.create(path, data, acl, createMode, stat, ttl);
    }

    private boolean strikesNow() {
        return armed && struck.compareAndSet(false, true);
    }
}
