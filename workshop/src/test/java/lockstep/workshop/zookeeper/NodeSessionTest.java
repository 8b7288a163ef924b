package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.faults.ZooKeeperPartition;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A node's session and its connection news")
class NodeSessionTest {

    /** As the lock labs' nodes: the client hears Disconnected about 2.7 s after a cut. */
    private static final Duration SESSION = Duration.ofSeconds(4);

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();


    @Test
    @DisplayName("A new session has heard of no drop; an expiry on the server is one, for good")
    void anExpiryIsADrop() throws Exception {
        NodeSession session = NodeSession.open(zooKeeper.connectString(), SESSION);
        try {
            long before = session.news().drops();
            assertThat(before).isZero();
            assertThat(session.news().droppedSince(before)).isFalse();

            SessionExpiry.expire(session, zooKeeper.connectString());

            assertThat(eventually(() -> session.news().droppedSince(before)))
                    .as("the news of a session expired on the server").isTrue();
        } finally {
            ZooKeeperConnections.closeQuietly(session);
        }
    }

    @Test
    @DisplayName("A cut is a drop as soon as the client hears Disconnected, and reconnecting does not undo it")
    void aCutIsADropAndStaysOne() throws Exception {
        try (ZooKeeperPartition partition = ZooKeeperPartition.of(zooKeeper.connectString())) {
            NodeSession session = NodeSession.open(partition.connectString(), SESSION);
            try {
                long before = session.news().drops();
                partition.cut();
                assertThat(eventually(() -> session.news().droppedSince(before)))
                        .as("the news of a cut connection").isTrue();
                partition.restore();
                assertThat(eventually(() -> session.getState() == ZooKeeper.States.CONNECTED
                        && session.exists("/", false) != null)).as("connected again").isTrue();

                assertThat(session.news().droppedSince(before)).as("dropped since, once connected again").isTrue();
            } finally {
                ZooKeeperConnections.closeQuietly(session);
            }
        }
    }

    /** A condition that may throw, looked at until it holds. */
    private interface Check {
        boolean holds() throws Exception;
    }

    /** Looks every 10 ms until {@code check} holds; false if it does not within the prompt-event budget plus a session. */
    private static boolean eventually(Check check) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().plus(SESSION).toNanos();
        BooleanSupplier holds = () -> {
            try {
                return check.holds();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                return false; // not yet: the client is reconnecting
            }
        };
        while (!holds.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
