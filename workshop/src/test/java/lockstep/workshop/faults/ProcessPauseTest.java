package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.ZNodes;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Pausing a node's process (SIGSTOP, then SIGCONT)")
class ProcessPauseTest {

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();


    @Test
    @DisplayName("longer than the session: the znode goes while the node is paused, and after SIGCONT the node learns its session expired")
    void pauseLongerThanTheSessionLosesTheZnode() throws Exception {
        Duration session = Timing.shortSession();
        try (ChildJvm node = ChildJvm.start(EphemeralNodeHolder.class,
                zooKeeper.connectString(), Long.toString(session.toMillis()), "/paused")) {
            node.awaitLineStartingWith("HOLDING /paused", Timing.forChildJvm());

            ProcessPause.pause(node.handle());
            assertThat(ProcessPause.isPaused(node.handle())).withFailMessage("%s runs after SIGSTOP", node).isTrue();

            assertThat(ZNodes.awaitDeleted(zooKeeper.observer(), "/paused", Timing.forExpiryOf(session)))
                    .withFailMessage("the paused node's znode was still there %s into the pause", Timing.forExpiryOf(session))
                    .isTrue();
            assertThat(ProcessPause.isPaused(node.handle()))
                    .withFailMessage("the znode went, but %s was no longer paused: the pause did not cause it", node)
                    .isTrue();

            ProcessPause.resume(node.handle());
            assertThat(ProcessPause.isPaused(node.handle())).withFailMessage("%s is still stopped after SIGCONT", node).isFalse();
            node.awaitLineStartingWith("STATE Expired", Timing.forPromptEvent());
        }
    }

    @Test
    @DisplayName("shorter than the session: the node keeps its session and its znode")
    void pauseShorterThanTheSessionKeepsTheZnode() throws Exception {
        Duration session = Timing.survivingSession();
        try (ChildJvm node = ChildJvm.start(EphemeralNodeHolder.class,
                zooKeeper.connectString(), Long.toString(session.toMillis()), "/briefly-paused")) {
            String holding = node.awaitLineStartingWith("HOLDING /briefly-paused", Timing.forChildJvm());
            long sessionId = Long.parseUnsignedLong(holding.substring(holding.indexOf("0x") + 2), 16);

            ProcessPause.pause(node.handle());
            // The length of the pause is the fault itself: a sixth of the session, well inside it.
            Thread.sleep(session.dividedBy(6).toMillis());
            ProcessPause.resume(node.handle());

            Stat znode = zooKeeper.observer().exists("/briefly-paused", false);
            assertThat(znode).withFailMessage("a pause of a sixth of the session lost the znode").isNotNull();
            assertThat(znode.getEphemeralOwner()).isEqualTo(sessionId);
            assertThat(node.output()).noneMatch(line -> line.startsWith("STATE Expired"));
        }
    }
}
