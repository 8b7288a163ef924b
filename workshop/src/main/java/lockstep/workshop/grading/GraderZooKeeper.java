package lockstep.workshop.grading;

import java.io.IOException;
import java.time.Duration;
import lockstep.workshop.lab.Services;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;

/**
 * The ZooKeeper a grader of a ZooKeeper lab starts for itself, on a free port (never 2181, so a
 * server the learner started by hand is left alone), and the grader's own session on it, which looks
 * at the tree and tidies it between checks.
 */
public final class GraderZooKeeper implements AutoCloseable {

    /**
     * The grader's own session lasts longer than the nodes' (the longest our server allows), so that a
     * busy machine during a race does not end it; if it ends all the same, it is reopened.
     */
    private static final Duration OBSERVER_SESSION = Duration.ofSeconds(60);

    private final EmbeddedZooKeeper server;
    private ZooKeeper observer;

    private GraderZooKeeper(EmbeddedZooKeeper server) {
        this.server = server;
    }

    /** Starts a standalone server. */
    public static GraderZooKeeper start() throws IOException {
        return new GraderZooKeeper(EmbeddedZooKeeper.standalone().start());
    }

    public String connectString() {
        return server.connectString();
    }

    /** Where the lab's nodes find this ZooKeeper. */
    public Services services() {
        return new Services(server.connectString(), null);
    }

    /** The grader's own session, opened again if it has ended. */
    public synchronized ZooKeeper observer() {
        if (observer == null || !observer.getState().isAlive()) {
            observer = ZooKeeperConnections.zooKeeper(server.connectString(), OBSERVER_SESSION, event -> { });
        }
        return observer;
    }

    /** How long the grader's own session lasts: a recorder of the grader's may ask for as much. */
    public static Duration observerSession() {
        return OBSERVER_SESSION;
    }

    @Override
    public synchronized void close() {
        if (observer != null) {
            ZooKeeperConnections.closeQuietly(observer);
        }
        server.close();
    }
}
