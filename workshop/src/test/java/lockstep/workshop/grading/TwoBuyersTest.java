package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Step;
import lockstep.workshop.testlabs.TestLabs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Two buyers in a chosen order")
class TwoBuyersTest {

    @Test
    @DisplayName("catch a check-then-act every time: Bob buys the seat Alice is paying for")
    void checkThenActOversells() throws Exception {
        TwoBuyers.Outcome outcome = TwoBuyers.aliceWaitsAt(TestLabs.code(TestLabs.CheckThenAct.class), Step.CHARGING).run();

        assertThat(outcome.aliceWaited()).isTrue();
        assertThat(outcome.bobWasBlocked()).isFalse();
        assertThat(outcome.holdersOfA1()).containsExactly("Bob", "Alice");
        assertThat(outcome.audit().oversold()).isEqualTo(1);
    }

    @Test
    @DisplayName("see that Bob is turned away by a conditional update")
    void conditionalUpdateTurnsBobAway() throws Exception {
        TwoBuyers.Outcome outcome = TwoBuyers.aliceWaitsAt(TestLabs.code(TestLabs.ConditionalUpdate.class), Step.CHARGING).run();

        assertThat(outcome.bob()).isEqualTo(Answer.taken("A1"));
        assertThat(outcome.alice()).isEqualTo(Answer.booked("A1"));
        assertThat(outcome.audit().isClean()).isTrue();
    }

    @Test
    @DisplayName("see that Bob waits for Alice's row lock, then finds the seat taken")
    void rowLockMakesBobWait() throws Exception {
        TwoBuyers.Outcome outcome = TwoBuyers.aliceWaitsAt(TestLabs.code(TestLabs.RowLock.class), Step.CHARGING).run();

        assertThat(outcome.bobWasBlocked()).isTrue();
        assertThat(outcome.bob()).isEqualTo(Answer.taken("A1"));
        assertThat(outcome.audit().sold()).isEqualTo(1);
    }

    @Test
    @DisplayName("see that Bob waits for a Java lock Alice's thread holds, instead of hanging")
    void jvmLockMakesBobWait() throws Exception {
        TwoBuyers.Outcome outcome = TwoBuyers.aliceWaitsAt(TestLabs.code(TestLabs.JvmLock.class), Step.CHARGING).run();

        assertThat(outcome.bobWasBlocked()).isTrue();
        assertThat(outcome.bob()).isEqualTo(Answer.taken("A1"));
    }

    @Test
    @DisplayName("let Alice simply finish when she never reaches the chosen step")
    void aliceWhoNeverReachesTheStep() throws Exception {
        TwoBuyers.Outcome outcome = TwoBuyers.aliceWaitsAt(TestLabs.code(TestLabs.ConditionalUpdate.class), Step.LOCK_GRANTED).run();

        assertThat(outcome.aliceWaited()).isFalse();
        assertThat(outcome.alice()).isEqualTo(Answer.booked("A1"));
        assertThat(outcome.bob()).isEqualTo(Answer.taken("A1"));
    }
}
