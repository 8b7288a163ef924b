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
    @DisplayName("wait less for a prompt event once a grade has found its code hanging, and only in that grade")
    void aHangShortensTheRestOfItsGradeOnly() {
        Timing.startGrade();
        assertThat(Timing.forPromptEvent()).isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(10)));

        Timing.noteThatTheCodeHangs();
        assertThat(Timing.forPromptEvent()).isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(3)));

        Timing.endGrade();
        Timing.startGrade();
        assertThat(Timing.forPromptEvent()).as("the next grade").isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(10)));
    }

    @Test
    @DisplayName("ignore a hang noted outside a grade, as the toolkit's own tests of stalled races do")
    void aHangOutsideAGradeChangesNothing() {
        Timing.noteThatTheCodeHangs();

        assertThat(Timing.forPromptEvent()).isEqualTo(Timing.scaled(java.time.Duration.ofSeconds(10)));
    }
}
