package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

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
        assertThat(Timing.forPromptEvent()).isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(10)));

        Timing.noteThatTheCodeHangs();
        assertThat(Timing.forPromptEvent()).as("the check that found the hang")
                .isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(10)));

        Timing.startCheck();
        assertThat(Timing.forPromptEvent()).as("the next check")
                .isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(3)));

        Timing.endGrade();
        Timing.startGrade();
        assertThat(Timing.forPromptEvent()).as("the next grade").isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("ignore a hang noted outside a grade, as the toolkit's own tests of stalled races do")
    void aHangOutsideAGradeChangesNothing() {
        Timing.noteThatTheCodeHangs();
        Timing.startCheck();

        assertThat(Timing.forPromptEvent()).isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(10)));
    }
}
