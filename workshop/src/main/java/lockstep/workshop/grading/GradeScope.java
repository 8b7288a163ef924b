package lockstep.workshop.grading;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tells {@link Timing} when a grade and each of its checks begin, and when the grade ends: what one check learns about
 * the code under test (that it hangs) shortens the waits of the later checks of that grade only, never of a later
 * grade, of a grade running beside it, or of the toolkit's own tests in the same JVM.
 */
public final class GradeScope implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (isTheGradersOwnClass(context)) {
            Timing.startGrade();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Timing.startCheck();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (isTheGradersOwnClass(context)) {
            Timing.endGrade();
        }
    }

    /** The grader's class itself, not one of its nested groups of checks (which inherit this extension). */
    private static boolean isTheGradersOwnClass(ExtensionContext context) {
        return context.getTestClass().map(type -> type.isAnnotationPresent(Grader.class)).orElse(false);
    }
}
