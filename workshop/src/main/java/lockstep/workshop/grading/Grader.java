package lockstep.workshop.grading;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks a lab's grader. Its checks run when Maven starts inside the lab's or the solution's folder, through
 * {@code ./lockstep grade}, and in the self-test; see {@link GradeOnlyWhereAsked}.
 *
 * <p>Every check has a generous time limit: a correct solution never comes near it, but code that
 * deadlocks (a buyer waiting for a lock its own node holds) fails with a message instead of hanging.
 *
 * <p>A check that fails after running a race or a scene gets the race's picture, named under the failure
 * ({@link lockstep.workshop.timeline.PictureOfFailedCheck}). A check that failed while the machine froze the grader or a
 * node for a second or so says it is inconclusive ({@link JudgedOnlyWhenAwake}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("grader")
@ExtendWith(GradeOnlyWhereAsked.class)
@ExtendWith(GradeScope.class)
@ExtendWith(lockstep.workshop.timeline.PictureOfFailedCheck.class)
@ExtendWith(JudgedOnlyWhenAwake.class)
@Timeout(value = 180, unit = TimeUnit.SECONDS)
public @interface Grader {
}
