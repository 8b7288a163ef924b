package lockstep.workshop.live;

import java.time.Duration;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;

/**
 * A ZooKeeper reader's own session: opened when a look first needs it, and opened again after ZooKeeper was away
 * long enough to end it. A reader only reads, so the session sets no watch and hears nothing.
 */
final class ReadersSession implements AutoCloseable {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);

    private final String connectString;
    private final Duration connectTimeout;
    private ZooKeeper session; // null until connected, and again after the session is gone

    ReadersSession(String connectString, Duration connectTimeout) {
        this.connectString = connectString;
        this.connectTimeout = connectTimeout;
    }

    /** The session, connected now if it was not; throws when no ZooKeeper answers. */
    ZooKeeper get() {
        if (session != null && !session.getState().isAlive()) {
            close(); // expired while ZooKeeper was away: open a new one
        }
        if (session == null) {
            session = ZooKeeperConnections.zooKeeper(connectString, SESSION_TIMEOUT, connectTimeout, event -> { });
        }
        return session;
    }

    /** The open session's id, so that a reader can leave its own session out of what it counts; 0 when none. */
    long id() {
        return session == null ? 0 : session.getSessionId();
    }

    /** Lets go of the session; the next {@link #get()} opens a new one. */
    @Override
    public void close() {
        if (session != null) {
            ZooKeeperConnections.closeQuietly(session);
            session = null;
        }
    }
}
