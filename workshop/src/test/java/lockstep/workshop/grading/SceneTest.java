package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.lab.Services;
import lockstep.workshop.testlabs.TestLabs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A scene of buyers moved by hand")
class SceneTest {

    private static final Buyer ALICE = new Buyer("Alice", "A1");
    private static final Buyer BOB = new Buyer("Bob", "A1");
    private static final Duration PAYMENT = Duration.ofMillis(30);

    @Test
    @DisplayName("holds Alice at her step while Bob, on her node, runs to the end")
    void holdsOneBuyerWhileAnotherRuns() throws Exception {
        try (Scene scene = Scene.open(TestLabs.code(TestLabs.CheckThenAct.class), Services.NONE, PAYMENT)) {
            Scene.Attempt alice = scene.start(ALICE, "Alpha", Step.CHARGING);
            assertThat(alice.awaitPaused(Timing.forPromptEvent())).isTrue();

            Scene.Attempt bob = scene.start(BOB, "Alpha");
            assertThat(bob.awaitAnswer(Timing.forPromptEvent())).contains(Answer.booked("A1"));
            alice.goOn();

            assertThat(alice.awaitAnswer(Timing.forPromptEvent())).contains(Answer.booked("A1"));
            assertThat(scene.audit().oversold()).as("check-then-act, caught in the act").isEqualTo(1);
            assertThat(scene.confirmationsOf(ALICE)).isEqualTo(1);
        }
    }

    @Test
    @DisplayName("waits for a step a buyer takes after a given moment, and gives up after its budget")
    void awaitsSteps() throws Exception {
        try (Scene scene = Scene.open(TestLabs.code(TestLabs.ConditionalUpdate.class), Services.NONE, PAYMENT)) {
            long before = System.nanoTime();
            scene.start(ALICE, "Alpha");

            StepEvent confirmed = scene.awaitStep("Alice", List.of(Step.SEAT_CONFIRMED), before, Timing.forPromptEvent())
                    .orElseThrow();
            assertThat(scene.awaitStep("Alice", List.of(Step.SEAT_CONFIRMED), confirmed.nanoTime(),
                    Duration.ofMillis(50))).isEmpty();
            assertThat(scene.history().events()).extracting(StepEvent::step).contains(Step.CHARGING, Step.ANSWERED);
        }
    }

    @Test
    @DisplayName("says so when a buyer finishes without reaching the step, and lets that buyer press Buy again")
    void aBuyerWhoNeverReachesTheStep() throws Exception {
        try (Scene scene = Scene.open(TestLabs.code(TestLabs.ConditionalUpdate.class), Services.NONE, PAYMENT)) {
            Scene.Attempt first = scene.start(ALICE, "Alpha", Step.LOCK_GRANTED);
            assertThat(first.awaitPaused(Timing.forPromptEvent())).isFalse();
            assertThat(first.awaitAnswer(Timing.forPromptEvent())).contains(Answer.booked("A1"));

            Scene.Attempt again = scene.start(ALICE, "Alpha");

            assertThat(again.awaitAnswer(Timing.forPromptEvent())).contains(Answer.taken("A1"));
        }
    }
}
