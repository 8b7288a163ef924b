package lockstep.workshop.grading;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Skips a lab's grader in a Maven build of the whole workshop. There the lab modules hold the
 * unfinished starters, which are meant to fail; the self-test in {@code solutions/} proves that
 * they do. When Maven starts inside the lab's own folder, the grader runs and judges the learner.
 *
 * <p>The lab modules' POM sets {@code lockstep.gradeOnlyInLabFolder=true}; surefire passes the
 * folder Maven started in and the module's folder, so the check is a plain comparison.
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
        return ConditionEvaluationResult.disabled("a whole-workshop build does not grade the starters; "
                + "to grade your code run 'mvn verify' inside " + moduleDir + ", or './lockstep grade'");
    }
}
