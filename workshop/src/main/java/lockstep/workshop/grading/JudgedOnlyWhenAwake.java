package lockstep.workshop.grading;

import java.util.Optional;
import lockstep.workshop.race.Freeze;
import lockstep.workshop.race.FreezeWatch;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;

/**
 * A check that failed while the grader or one of the race's node processes stood still for a second or more says
 * so: "Inconclusive", what froze and for how long, and then what it saw. Every lock in the labs lives on a lease of
 * 2 to 4 s; a JVM that gets no CPU for that long loses its lease through no fault of its code, so what the check saw
 * may be the machine's doing. The check still fails (an inconclusive check is never a pass), but it does not blame the
 * learner's code, and it says what to do: grade again on a quieter machine.
 *
 * <p>A check that passed is left alone, frozen or not: it proved what it set out to prove.
 */
public final class JudgedOnlyWhenAwake implements BeforeEachCallback, TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace SCOPE = ExtensionContext.Namespace.create(JudgedOnlyWhenAwake.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        FreezeWatch.start("the grader's JVM");
        context.getStore(SCOPE).put("began", System.nanoTime());
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Long began = context.getStore(SCOPE).get("began", Long.class);
        if (began == null || !(failure instanceof AssertionError)) {
            throw failure;
        }
        Optional<Freeze> longest = FreezeWatch.longEnoughToCostALeaseSince(began);
        if (longest.isEmpty()) {
            throw failure;
        }
        String message = inconclusive(longest.get(), failure.getMessage());
        AssertionError inconclusive = failure instanceof HintedFailure hinted
                ? HintedFailure.pointingAt(hinted.hintTask(), message)
                : new AssertionError(message);
        inconclusive.initCause(failure);
        inconclusive.setStackTrace(failure.getStackTrace());
        throw inconclusive;
    }

    /** The sentence a learner reads first, then what the check saw. */
    static String inconclusive(Freeze freeze, String sawInstead) {
        return "Inconclusive: during this check " + freeze + " (" + FreezeWatch.machineLoad() + "): long enough for a"
                + " lease or a session to end with no fault of the code. Grade again when the machine is quieter. What"
                + " the check saw: " + (sawInstead == null ? "a failure without a message." : sawInstead);
    }
}
