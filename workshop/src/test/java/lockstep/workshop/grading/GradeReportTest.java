package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A grade report")
class GradeReportTest {

    @Test
    @DisplayName("points the hint at the task a failure names, not only at the failing check's own task")
    void theHintFitsTheFailure() {
        CheckResult raceOfTask1 = new CheckResult(1, "1. group", "a race", CheckResult.Status.FAILED,
                "no waiter was woken", List.of(), 2);
        CheckResult passing = new CheckResult(1, "1. group", "another", CheckResult.Status.PASSED, "");

        GradeReport report = new GradeReport(List.of(passing, raceOfTask1));

        assertThat(report.firstFailedTask()).contains(1);
        assertThat(report.hintForFirstFailure()).contains(2);
    }

    @Test
    @DisplayName("counts each task's checks, passed and all")
    void countsByTask() {
        GradeReport report = new GradeReport(List.of(
                new CheckResult(1, "g", "a", CheckResult.Status.PASSED, ""),
                new CheckResult(1, "g", "b", CheckResult.Status.FAILED, "no"),
                new CheckResult(2, "g", "c", CheckResult.Status.PASSED, "")));

        assertThat(report.byTask()).containsEntry(1, new GradeBook.TaskResult(1, 2))
                .containsEntry(2, new GradeBook.TaskResult(1, 1));
    }
}
