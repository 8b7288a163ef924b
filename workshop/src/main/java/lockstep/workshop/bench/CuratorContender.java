package lockstep.workshop.bench;

import java.time.Duration;
import lockstep.workshop.grading.HerdContender;
import lockstep.workshop.zookeeper.HerdMeasurement;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

/**
 * A contender on Curator's {@code InterProcessMutex} itself, as its own tests use it: a client of its
 * own and one mutex on {@code /lockstep/curator/herd}, the queue of sequential znodes that Labs 04 and
 * 05 are about, as a library ships it.
 */
final class CuratorContender implements HerdMeasurement.Contender {

    /** Where the mutex keeps its queue. */
    static final String LOCK = "/lockstep/curator/herd";

    private final CuratorFramework curator;
    private final InterProcessMutex mutex;
    private final Duration maxWait;
    private final HerdContender.Turns turns;

    private CuratorContender(CuratorFramework curator, Duration maxWait, HerdContender.Turns turns) {
        this.curator = curator;
        this.mutex = new InterProcessMutex(curator, LOCK);
        this.maxWait = maxWait;
        this.turns = turns;
    }

    /** Contenders with sessions of {@code sessionTimeout}, each waiting at most {@code maxWait} for its turn. */
    static HerdMeasurement.Contenders connecting(Duration sessionTimeout, Duration maxWait, HerdContender.Turns turns) {
        return (connectString, name) -> new CuratorContender(ZooKeeperConnections.curator(connectString, sessionTimeout),
                maxWait, turns);
    }

    @Override
    public void acquire() throws Exception {
        if (!mutex.acquire(maxWait.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("Curator's mutex did not come within " + maxWait.toSeconds() + " s");
        }
        turns.granted();
    }

    @Override
    public void release() throws Exception {
        turns.releasing();
        mutex.release();
    }

    @Override
    public void close() {
        curator.close();
    }
}
