package lockstep.lab03;

import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.HerdMeasurement;
import org.apache.zookeeper.ZooKeeper;

/** One contender in a herd measurement: a session of its own, and a new lock of the lab's per turn, all on one znode. */
final class HerdContender implements HerdMeasurement.Contender {

    /** The lock every contender takes turns on, named like a seat's: {@code /lockstep/locks/herd}. */
    private static final String LOCK = "herd";

    private final LockSeam<ZooKeeper> seam;
    private final ZooKeeper session;
    private final String name;
    private DistributedLock lock;

    private HerdContender(LockSeam<ZooKeeper> seam, ZooKeeper session, String name) {
        this.seam = seam;
        this.session = session;
        this.name = name;
    }

    /** Contenders whose locks come from {@code seam}, each on a session opened as the lab's nodes open theirs. */
    static HerdMeasurement.Contenders connecting(LockSeam<ZooKeeper> seam) {
        return (connectString, name) -> {
            try {
                return new HerdContender(seam, seam.connect(name, new Services(connectString, null)), name);
            } catch (Exception e) {
                throw new IllegalStateException(name + " could not open its session: " + e, e);
            }
        };
    }

    @Override
    public void acquire() throws Exception {
        lock = seam.lock(session, name, "turns", LOCK);
        lock.acquire(EphemeralLockTest.WAIT);
    }

    @Override
    public void release() throws Exception {
        lock.release();
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
