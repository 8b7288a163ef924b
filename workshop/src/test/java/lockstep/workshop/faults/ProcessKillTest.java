package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.ZNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Killing a node's process (SIGKILL)")
class ProcessKillTest {

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();


    @Test
    @DisplayName("ends the process at once; its ephemeral znode goes only when its session times out")
    void znodeOutlivesTheProcessUntilTheSessionTimesOut() throws Exception {
        Duration session = Timing.shortSession();
        try (ChildJvm node = ChildJvm.start(EphemeralNodeHolder.class,
                zooKeeper.connectString(), Long.toString(session.toMillis()), "/killed")) {
            node.awaitLineStartingWith("HOLDING /killed", Timing.forChildJvm());

            FaultEvent kill = ProcessKill.kill(node.handle());

            assertThat(node.handle().isAlive()).withFailMessage("%s still runs after SIGKILL", node).isFalse();
            assertThat(zooKeeper.observer().exists("/killed", false))
                    .withFailMessage("the znode vanished with the process: the server cannot know a process died")
                    .isNotNull();
            assertThat(ZNodes.awaitDeleted(zooKeeper.observer(), "/killed", Timing.forExpiryOf(session)))
                    .withFailMessage("the killed node's znode was still there %s after SIGKILL", Timing.forExpiryOf(session))
                    .isTrue();
            Duration freedAfter = Duration.ofNanos(System.nanoTime() - kill.endNanos());
            // The server last heard a heartbeat at most a third of the session before the kill.
            assertThat(freedAfter)
                    .withFailMessage("the znode went %d ms after the kill, sooner than the session timeout allows (%d ms)",
                            freedAfter.toMillis(), session.toMillis())
                    .isGreaterThanOrEqualTo(session.multipliedBy(2).dividedBy(3).minusMillis(100));
        }
    }
}
