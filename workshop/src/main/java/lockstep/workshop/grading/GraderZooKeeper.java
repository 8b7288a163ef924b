package lockstep.workshop.grading;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import lockstep.workshop.lab.Services;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZNodes;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The ZooKeeper a grader of a ZooKeeper lab starts for itself, on a free port (never 2181, so a
 * server the learner started by hand is left alone), and the grader's own session on it, which looks
 * at the tree and tidies it between checks. A grader registers it as a JUnit extension:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final GraderZooKeeper zooKeeper = GraderZooKeeper.tidying(LOCKS, A1);
 * }</pre>
 *
 * The server starts before the grader's first check and stops after its last. Before each check, every
 * lock znode under the lab's lock root is deleted (a check that failed must not leave a lock behind for
 * the next one), and the folders the checks expect are there. The toolkit's own tests use it too, and leave the
 * tree alone ({@link #leavingTheTreeAlone()}).
 */
public final class GraderZooKeeper implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    /**
     * The grader's own session lasts longer than the nodes' (the longest our server allows), so that a
     * busy machine during a race does not end it; if it ends all the same, it is reopened.
     */
    private static final Duration OBSERVER_SESSION = Duration.ofSeconds(60);

    /** Under which the lock znodes are deleted before each check; null to leave the tree alone. */
    private final String lockRoot;
    private final List<String> folders;
    private EmbeddedZooKeeper server;
    /** The grader class whose checks the server serves: nested classes inherit it, and must not stop it. */
    private String startedFor;
    private ZooKeeper observer;

    private GraderZooKeeper(String lockRoot, List<String> folders) {
        this.lockRoot = lockRoot;
        this.folders = folders;
    }

    /**
     * A ZooKeeper that, before each check, deletes every lock znode under {@code lockRoot} and makes sure
     * {@code lockRoot} and each of {@code folders} are there.
     */
    public static GraderZooKeeper tidying(String lockRoot, String... folders) {
        return new GraderZooKeeper(lockRoot, List.of(folders));
    }

    /** A ZooKeeper whose tree the checks look after themselves, as the toolkit's own tests do. */
    public static GraderZooKeeper leavingTheTreeAlone() {
        return new GraderZooKeeper(null, List.of());
    }

    @Override
    public synchronized void beforeAll(ExtensionContext context) throws Exception {
        if (server == null) {
            server = EmbeddedZooKeeper.standalone().start();
            startedFor = context.getUniqueId();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        if (lockRoot == null) {
            return;
        }
        ZNodes.createPersistentPath(observer(), lockRoot);
        ZNodes.deleteLocksUnder(observer(), lockRoot);
        for (String folder : folders) {
            ZNodes.createPersistentPath(observer(), folder);
        }
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(startedFor)) {
            if (observer != null) {
                ZooKeeperConnections.closeQuietly(observer);
            }
            server.close();
            server = null;
        }
    }

    public String connectString() {
        return server.connectString();
    }

    /** Where the server's {@code index}th client port listens (a standalone server has one, index 0). */
    public InetSocketAddress clientAddress(int index) {
        return server.clientAddress(index);
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
}
