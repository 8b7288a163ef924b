package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A race's progress watch tells a hang from a slow holder by the history")
class ProgressWatchTest {

    private static final Set<String> NO_NODE_KILLED = Set.of();

    private final ProgressWatch watch = new ProgressWatch();

    @Test
    @DisplayName("A race in which no lock was ever granted shows no hang: a lock only asked for is not held")
    void noGrantNoEvidence() {
        step("node-1", "alice", Step.LOCK_ASKED, "A1");

        assertThat(watch.nobodyAtWorkHoldsALock(NO_NODE_KILLED)).isFalse();
    }

    @Test
    @DisplayName("A holder who has not answered yet may just be slow; once she has answered, she is no longer at work")
    void aHolderIsAtWorkUntilSheAnswers() {
        step("node-1", "alice", Step.LOCK_GRANTED, "A1");
        assertThat(watch.nobodyAtWorkHoldsALock(NO_NODE_KILLED)).isFalse();

        watch.answered("alice", "sold");
        assertThat(watch.nobodyAtWorkHoldsALock(NO_NODE_KILLED)).isTrue();
    }

    @Test
    @DisplayName("A released lock that no waiter takes is evidence, unless another lock is held by a buyer at work")
    void aFreeLockIsEvidenceUnlessAnotherIsHeld() {
        step("node-1", "alice", Step.LOCK_GRANTED, "A1");
        step("node-1", "alice", Step.LOCK_RELEASED, "A1");
        assertThat(watch.nobodyAtWorkHoldsALock(NO_NODE_KILLED)).isTrue();

        step("node-2", "bob", Step.LOCK_GRANTED, "A2");
        assertThat(watch.nobodyAtWorkHoldsALock(NO_NODE_KILLED)).isFalse();
    }

    @Test
    @DisplayName("A holder whose node the race's fault killed is no longer at work: its lock comes back by itself")
    void aKilledHolderIsNotAtWork() {
        step("node-3", "carol", Step.LOCK_GRANTED, "A1");

        assertThat(watch.nobodyAtWorkHoldsALock(Set.of("node-2"))).isFalse();
        assertThat(watch.nobodyAtWorkHoldsALock(Set.of("node-3"))).isTrue();
        assertThat(watch.describe(List.of("carol", "dave"), buyer -> Optional.empty(),
                Set.of("node-3"))).contains("carol (node-3) holds the lock of A1")
                .contains("the race's fault killed node-3 since");
    }

    @Test
    @DisplayName("A stall report counts a killed node's buyers apart, and names only the buyers still at work as waiting")
    void aKilledNodesBuyersAreNotNamedAsWaiting() {
        step("node-3", "carol", Step.LOCK_GRANTED, "A1");
        step("node-3", "erin", Step.LOCK_ASKED, "A1");
        step("node-4", "dave", Step.LOCK_ASKED, "A1");

        String report = watch.describe(List.of("carol", "erin", "dave"), buyer -> Optional.empty(), Set.of("node-3"));

        assertThat(report).contains("3 of 3 buyers still had no answer")
                .contains("dave (node-4) has waited")
                .doesNotContain("erin (node-3) has waited").doesNotContain("carol (node-3) has waited")
                .contains("2 buyers of node-3 will never answer: the race's fault killed their node.");
    }

    private void step(String node, String buyer, Step step, String seat) {
        watch.on(StepEvent.now(node, buyer, step, seat));
    }
}
