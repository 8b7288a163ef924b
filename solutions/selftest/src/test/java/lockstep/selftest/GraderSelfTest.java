package lockstep.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lockstep.workshop.grading.CheckResult;
import lockstep.workshop.grading.GradeReport;
import lockstep.workshop.grading.GraderRun;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A grader is only as good as the mistakes it catches. For every lab this runs the lab's grader
 * against the starter in {@code labs/} (it must fail) and against each known-buggy variant kept
 * beside the solution (it must fail the very check named for that variant's mistake). That the
 * reference solution passes is proven by the solution's own module, which runs the same grader.
 */
@DisplayName("The graders catch what they promise to catch")
class GraderSelfTest {

    private final WorkshopHome home = WorkshopHome.current();
    private final Implementations implementations = new Implementations(home);

    @TestFactory
    @DisplayName("Every starter fails its grader")
    Stream<DynamicTest> everyStarterFails() {
        return LabCatalog.all().stream().map(lab -> dynamicTest("Lab " + lab.id() + ": the starter fails", () -> {
            GradeReport report = GraderRun.of(implementations.graderClasses(lab), implementations.learner(lab))
                    .run(check -> { });

            assertThat(report.checks()).as("checks the grader of %s ran", lab).isNotEmpty();
            assertThat(report.failures())
                    .withFailMessage("The starter of %s passed every check of its grader: %s", lab, report.checks())
                    .isNotEmpty();
        }));
    }

    @TestFactory
    @DisplayName("Every known-buggy variant fails the check named for its mistake")
    Stream<DynamicTest> everyVariantFailsItsCheck() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Lab lab : LabCatalog.all()) {
            implementations.knownMistakes(lab).forEach((variant, check) -> tests.add(dynamicTest(
                    "Lab " + lab.id() + ": " + variant + " fails '" + check + "'",
                    () -> assertVariantFails(lab, variant, check))));
        }
        return tests.stream();
    }

    private void assertVariantFails(Lab lab, String variant, String check) {
        GradeReport report = GraderRun.of(implementations.graderClasses(lab), implementations.variant(lab, variant))
                .onlyCheck(check)
                .run(result -> { });

        assertThat(report.check(check))
                .withFailMessage("The grader of %s has no check named '%s' (variants.properties names it for %s)."
                        + " Checks that ran: %s", lab, check, variant, names(report))
                .isPresent();
        assertThat(report.check(check).get().status())
                .withFailMessage("The variant %s of %s should fail '%s', but it %s. Its mistake:%s", variant, lab, check,
                        report.check(check).get().status().toString().toLowerCase(),
                        VariantDiffs.describe(home, lab, variant))
                .isEqualTo(CheckResult.Status.FAILED);
    }

    private static String names(GradeReport report) {
        return report.checks().stream().map(CheckResult::name).collect(Collectors.joining("; "));
    }
}
