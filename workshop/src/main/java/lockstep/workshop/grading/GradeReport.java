package lockstep.workshop.grading;

import java.util.List;
import java.util.Optional;

/** Every check of one grading run, in the order they ran. */
public record GradeReport(List<CheckResult> checks) {

    public GradeReport {
        checks = List.copyOf(checks);
    }

    /** Whether every check ran and passed (and at least one ran). */
    public boolean allPassed() {
        return !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
    }

    public long passedCount() {
        return checks.stream().filter(CheckResult::passed).count();
    }

    public List<CheckResult> failures() {
        return checks.stream().filter(CheckResult::failed).toList();
    }

    /** The task of the first failed check: where the learner should look next. */
    public Optional<Integer> firstFailedTask() {
        return failures().stream().map(CheckResult::task).filter(task -> task > 0).findFirst();
    }

    /** The check with this display name, if it ran. */
    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(check -> check.name().equals(name)).findFirst();
    }
}
