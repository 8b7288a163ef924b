package lockstep.lab03;

import lockstep.workshop.zookeeper.HerdMeasurement;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/** One contender in a herd measurement: a session of its own, and a new {@link EphemeralLock} per turn. */
final class HerdContender implements HerdMeasurement.Contender {

    /** The lock every contender takes turns on. */
    static final String LOCK = Lab03.LOCKS + "/herd";

    private final ZooKeeper session;
    private final String name;
    private EphemeralLock lock;

    private HerdContender(ZooKeeper session, String name) {
        this.session = session;
        this.name = name;
    }

    static HerdContender connect(String connectString, String name) {
        return new HerdContender(ZooKeeperConnections.zooKeeper(connectString, Lab03.SESSION_TIMEOUT, event -> { }), name);
    }

    @Override
    public void acquire() throws KeeperException, InterruptedException {
        lock = new EphemeralLock(session, LOCK, name);
        lock.acquire();
    }

    @Override
    public void release() throws InterruptedException {
        lock.release();
    }

    @Override
    public void close() {
        ZooKeeperConnections.closeQuietly(session);
    }
}
