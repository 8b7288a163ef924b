package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The time budgets")
class TimingTest {

    @AfterEach
    void noGradeIsLeftRunning() {
        Timing.endGrade();
    }

    @Test
    @DisplayName("wait less for a prompt event once a check has found its code hanging, from the next check on, and"
            + " only in that grade")
    void aHangShortensTheRestOfItsGradeOnly() {
        Timing.startGrade();
        Timing.startCheck();
        assertThat(Timing.forPromptEvent()).isEqualTo(Timing.scaled(Duration.ofSeconds(10)));

        Timing.noteThatTheCodeHangs();
        assertThat(Timing.forPromptEvent()).as("the check that found the hang")
                .isEqualTo(Timing.scaled(Duration.ofSeconds(10)));

        Timing.startCheck();
        assertThat(Timing.forPromptEvent()).as("the next check")
                .isEqualTo(Timing.scaled(Duration.ofSeconds(3)));

        Timing.endGrade();
        Timing.startGrade();
        assertThat(Timing.forPromptEvent()).as("the next grade").isEqualTo(Timing.scaled(Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("keep the full budget in a grade beside one whose code hangs, as the self-test runs them")
    void aHangShortensNoGradeBesideIt() throws Exception {
        Duration[] besideIt = new Duration[1];
        CountDownLatch correctGradeBegun = new CountDownLatch(1);
        CountDownLatch hangFoundBesideIt = new CountDownLatch(1);
        Thread correct = new Thread(() -> {
            Timing.startGrade();
            Timing.startCheck();
            correctGradeBegun.countDown();
            try {
                hangFoundBesideIt.await();
                Timing.startCheck();
                besideIt[0] = Timing.forPromptEvent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                Timing.endGrade();
            }
        });
        Thread hanging = new Thread(() -> {
            Timing.startGrade();
            Timing.startCheck();
            Timing.noteThatTheCodeHangs();
            Timing.startCheck();
        });

        correct.start();
        correctGradeBegun.await();
        hanging.start();
        hanging.join();
        hangFoundBesideIt.countDown();
        correct.join();

        assertThat(besideIt[0]).isEqualTo(Timing.scaled(Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("hear a hang from a thread the grade started, and not from it once the grade is over")
    void aGradesOwnThreadsSpeakForItUntilItEnds() throws Exception {
        Timing.startGrade();
        Timing.startCheck();
        Thread buyer = new Thread(Timing::noteThatTheCodeHangs);
        buyer.start();
        buyer.join();
        Timing.startCheck();
        assertThat(Timing.forPromptEvent()).as("the next check").isEqualTo(Timing.scaled(Duration.ofSeconds(3)));

        Duration[] afterTheGrade = new Duration[1];
        CountDownLatch gradeOver = new CountDownLatch(1);
        Thread leftOver = new Thread(() -> {
            try {
                gradeOver.await();
                afterTheGrade[0] = Timing.forPromptEvent();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        leftOver.start(); // started by the grade, so it inherits the grade's findings
        Timing.endGrade();
        gradeOver.countDown();
        leftOver.join();

        assertThat(afterTheGrade[0]).as("a thread of the grade, after it ended")
                .isEqualTo(Timing.scaled(Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("ignore a hang noted outside a grade, as the toolkit's own tests of stalled races do")
    void aHangOutsideAGradeChangesNothing() {
        Timing.noteThatTheCodeHangs();
        Timing.startCheck();

        assertThat(Timing.forPromptEvent()).isEqualTo(Timing.scaled(Duration.ofSeconds(10)));
    }
}
