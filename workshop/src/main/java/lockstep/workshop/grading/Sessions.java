package lockstep.workshop.grading;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.faults.FaultSession;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;

/**
 * The ZooKeeper sessions one check opens for its buyers, all closed when the check is done. Each is a
 * {@link FaultSession} with nothing armed: a plain session (and a {@code NodeSession}, with its
 * connection news) until the check arms a fault on it.
 */
public final class Sessions implements AutoCloseable {

    private final String connectString;
    private final Duration sessionTimeout;
    private final List<ZooKeeper> opened = new ArrayList<>();

    /** Sessions to {@code connectString} with the lab's nodes' {@code sessionTimeout}. */
    public Sessions(String connectString, Duration sessionTimeout) {
        this.connectString = connectString;
        this.sessionTimeout = sessionTimeout;
    }

    /** A new connected session. */
    public FaultSession open() {
        return open(connectString);
    }

    /** A new connected session through another way to the servers, such as a partition's proxy. */
    public FaultSession open(String connectString) {
        return add(FaultSession.connect(connectString, sessionTimeout, Timing.forPromptEvent()));
    }

    /** Takes a session opened elsewhere, to close it with the others. */
    public <T extends ZooKeeper> T add(T session) {
        opened.add(session);
        return session;
    }

    @Override
    public void close() {
        opened.forEach(ZooKeeperConnections::closeQuietly);
    }
}
