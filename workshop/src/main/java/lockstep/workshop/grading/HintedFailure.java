package lockstep.workshop.grading;

/**
 * A check's failure that names the task whose hint fits it, when that is not the check's own task: a race of task 1
 * that stalls because no waiter is ever woken points at the task about waiting. {@code ./lockstep grade} prints that
 * task's hint under the grade.
 *
 * <pre>{@code
 * throw HintedFailure.pointingAt(2, "Bob waited 15 s for a lock nobody held: ...");
 * }</pre>
 */
public final class HintedFailure extends AssertionError {

    private static final long serialVersionUID = 1L;

    private final int hintTask;

    private HintedFailure(int hintTask, String message) {
        super(message);
        if (hintTask < 1) {
            throw new IllegalArgumentException("a hint belongs to a task, 1 or more, but was " + hintTask);
        }
        this.hintTask = hintTask;
    }

    /** A failure with {@code message} whose hint is task {@code hintTask}'s. */
    public static HintedFailure pointingAt(int hintTask, String message) {
        return new HintedFailure(hintTask, message);
    }

    /** The task whose hint fits this failure. */
    public int hintTask() {
        return hintTask;
    }
}
