package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The history of a race")
class HistoryTest {

    private final History history = new History();

    @Test
    @DisplayName("finds no overlap when each holder releases before the next is granted")
    void handoffsDoNotOverlap() {
        at(100, "ann", Step.LOCK_GRANTED, "A1");
        at(200, "ann", Step.LOCK_RELEASED, "A1");
        at(201, "ben", Step.LOCK_GRANTED, "A1");
        at(300, "ben", Step.LOCK_RELEASED, "A1");

        assertThat(history.overlaps()).isEmpty();
        assertThat(history.grantsPerLock()).containsEntry("A1", 2);
    }

    @Test
    @DisplayName("finds two holders of one lock at once, and for how long")
    void twoHoldersAtOnce() {
        at(100, "ann", Step.LOCK_GRANTED, "A1");
        at(150, "ben", Step.LOCK_GRANTED, "A1");
        at(2_000_200, "ann", Step.LOCK_RELEASED, "A1");
        at(3_000_000, "ben", Step.LOCK_RELEASED, "A1");

        assertThat(history.overlaps()).singleElement()
                .hasToString("ann and ben both held the lock of A1 for 2 ms");
    }

    @Test
    @DisplayName("counts a holder that never released (a killed process) as holding to the end")
    void aKilledHolderHoldsToTheEnd() {
        at(100, "ann", Step.LOCK_GRANTED, "A1");
        at(500, "ben", Step.LOCK_GRANTED, "A1");
        at(900, "ben", Step.LOCK_RELEASED, "A1");

        assertThat(history.overlaps()).hasSize(1);
    }

    @Test
    @DisplayName("does not mix up different locks")
    void differentLocks() {
        at(100, "ann", Step.LOCK_GRANTED, "A1");
        at(150, "ben", Step.LOCK_GRANTED, "A2");
        at(200, "ann", Step.LOCK_RELEASED, "A1");
        at(250, "ben", Step.LOCK_RELEASED, "A2");

        assertThat(history.overlaps()).isEmpty();
    }

    private void at(long nanos, String buyer, Step step, String lock) {
        history.on(new StepEvent("node-01", buyer, step, step.label(), lock, nanos));
    }
}
