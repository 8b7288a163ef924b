package lockstep.workshop.grading;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One check of a grader, and how it went.
 *
 * @param task     the task it belongs to (the {@code ## N.} heading of the lab README), or 0
 * @param group    the display name of the group it is in, for example {@code 1. The database decides}
 * @param name     its display name, a sentence
 * @param status   passed, failed, or skipped
 * @param message  for a failure, the sentence that explains it; otherwise empty
 * @param notes    what the check reported besides its verdict, such as a measured figure (JUnit's
 *                 {@code TestReporter}); shown under the check, passed or not
 * @param hintTask the task whose hint fits a failure: the check's own task unless the failure said otherwise
 * @param took     how long the check ran, set-up included; zero where nobody timed it
 *                 ({@link HintedFailure})
 */
public record CheckResult(int task, String group, String name, Status status, String message, List<String> notes,
                          int hintTask, Duration took) {

    public enum Status { PASSED, FAILED, SKIPPED }

    public CheckResult {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        message = message == null ? "" : message;
        notes = notes == null ? List.of() : List.copyOf(notes);
        took = took == null ? Duration.ZERO : took;
    }

    /** An untimed check whose failure fits the hint of {@code hintTask}. */
    public CheckResult(int task, String group, String name, Status status, String message, List<String> notes,
                       int hintTask) {
        this(task, group, name, status, message, notes, hintTask, Duration.ZERO);
    }

    /** A check whose failure, if any, fits its own task's hint. */
    public CheckResult(int task, String group, String name, Status status, String message, List<String> notes) {
        this(task, group, name, status, message, notes, task);
    }

    /** A check that reported nothing besides its verdict. */
    public CheckResult(int task, String group, String name, Status status, String message) {
        this(task, group, name, status, message, List.of());
    }

    public boolean passed() {
        return status == Status.PASSED;
    }

    public boolean failed() {
        return status == Status.FAILED;
    }
}
