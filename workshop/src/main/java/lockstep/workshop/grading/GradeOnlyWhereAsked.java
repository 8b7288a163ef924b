package lockstep.workshop.grading;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a grader in a module of a Maven build of the whole workshop. There the lab modules hold the
 * unfinished starters, which are meant to fail, and the self-test in {@code solutions/} proves that
 * they do, and that the reference solutions pass (side by side, which is quicker than module after
 * module). When Maven starts inside the module's own folder, the grader runs and judges its code.
 *
 * <p>The POMs of {@code labs/} and {@code solutions/} set {@code lockstep.gradeOnlyInLabFolder=true};
 * surefire passes the folder Maven started in and the module's folder, so the check is a plain
 * comparison.
 */
public final class GradeOnlyWhereAsked implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (!Boolean.getBoolean("lockstep.gradeOnlyInLabFolder")) {
            return ConditionEvaluationResult.enabled("graders run everywhere outside the lab modules");
        }
        String buildRoot = System.getProperty("lockstep.build.root", "");
        String moduleDir = System.getProperty("lockstep.module.dir", "");
        if (!buildRoot.isEmpty() && Path.of(buildRoot).toAbsolutePath().normalize()
                .equals(Path.of(moduleDir).toAbsolutePath().normalize())) {
            return ConditionEvaluationResult.enabled("Maven started in the lab's folder: grading the learner's code");
        }
        return ConditionEvaluationResult.disabled("a build of the whole workshop grades no module's code on its own;"
                + " to grade this code run 'mvn verify' inside " + moduleDir + ", or './lockstep grade'");
    }
}
