package lockstep.lab03;

import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.faults.FaultSession;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;

/** The ZooKeeper sessions one check opens for its buyers, all closed when the check is done. */
final class Sessions implements AutoCloseable {

    private final String connectString;
    private final List<ZooKeeper> opened = new ArrayList<>();

    Sessions(String connectString) {
        this.connectString = connectString;
    }

    /** A new connected session, with the session timeout the lab's nodes use. */
    ZooKeeper open() {
        return add(ZooKeeperConnections.zooKeeper(connectString, Lab03.SESSION_TIMEOUT, event -> { }));
    }

    /** A new connected session, as {@link #open()}, that the check can make lose a request or an answer. */
    FaultSession openFaulty() {
        return add(FaultSession.connect(connectString, Lab03.SESSION_TIMEOUT, Timing.forPromptEvent()));
    }

    /** Takes a session opened elsewhere, to close it with the others. */
    <T extends ZooKeeper> T add(T session) {
        opened.add(session);
        return session;
    }

    @Override
    public void close() {
        opened.forEach(ZooKeeperConnections::closeQuietly);
    }
}
