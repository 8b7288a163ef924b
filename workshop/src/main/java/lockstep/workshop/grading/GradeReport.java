package lockstep.workshop.grading;

import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

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

    /** The task whose hint fits the first failure: its own task, or the one its failure pointed at. */
    public Optional<Integer> hintForFirstFailure() {
        return failures().stream().map(CheckResult::hintTask).filter(task -> task > 0).findFirst();
    }

    /** How each task that ran did: its checks passed, of how many. */
    public SortedMap<Integer, GradeBook.TaskResult> byTask() {
        SortedMap<Integer, GradeBook.TaskResult> tasks = new TreeMap<>();
        for (CheckResult check : checks) {
            if (check.task() > 0 && check.status() != CheckResult.Status.SKIPPED) {
                GradeBook.TaskResult sofar = tasks.getOrDefault(check.task(), new GradeBook.TaskResult(0, 0));
                tasks.put(check.task(), new GradeBook.TaskResult(sofar.passed() + (check.passed() ? 1 : 0),
                        sofar.checks() + 1));
            }
        }
        return tasks;
    }

    /** The check with this display name, if it ran. */
    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(check -> check.name().equals(name)).findFirst();
    }
}
