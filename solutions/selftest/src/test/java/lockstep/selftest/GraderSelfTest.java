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
 *
 * <p>{@code -Dlockstep.selftest.labs=04} (or {@code 03,04}) proves only those labs' graders: the quick loop while a
 * lab's grader or variants change. Without it, every lab in the catalog.
 */
@DisplayName("The graders catch what they promise to catch")
class GraderSelfTest {

    /** The system property that limits the self-test to some labs, by id: {@code 04}, or {@code 03,04}. */
    private static final String LABS = "lockstep.selftest.labs";

    private final WorkshopHome home = WorkshopHome.current();
    private final Implementations implementations = new Implementations(home);

    @TestFactory
    @DisplayName("Every starter fails its grader")
    Stream<DynamicTest> everyStarterFails() {
        return labs().stream().map(lab -> dynamicTest("Lab " + lab.id() + ": the starter fails", () -> {
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
        for (Lab lab : labs()) {
            implementations.knownMistakes(lab).forEach((variant, check) -> tests.add(dynamicTest(
                    "Lab " + lab.id() + ": " + variant + " fails '" + check + "'",
                    () -> assertVariantFails(lab, variant, check))));
        }
        return tests.stream();
    }

    /** The labs to prove: those named by {@value #LABS}, or all. */
    private static List<Lab> labs() {
        String named = System.getProperty(LABS, "").trim();
        if (named.isEmpty()) {
            return LabCatalog.all();
        }
        List<String> ids = Stream.of(named.split(",")).map(String::trim).toList();
        List<Lab> labs = LabCatalog.all().stream().filter(lab -> ids.contains(lab.id())).toList();
        assertThat(labs)
                .withFailMessage("-D%s=%s names no lab of the catalog; give lab ids such as 04, or 03,04.", LABS, named)
                .isNotEmpty();
        return labs;
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
        if (implementations.hangingVariants(lab).contains(variant)) {
            assertSaysWhoWaitsWhere(lab, variant, report.check(check).get().message());
        }
    }

    /**
     * Code that hangs is the commonest lock mistake, and a grade must say where: the race ends with who waits where,
     * a place in the learner's own file, and no stack trace.
     */
    private static void assertSaysWhoWaitsWhere(Lab lab, String variant, String message) {
        assertThat(message).as("the failure of %s of %s, which hangs", variant, lab)
                .contains("The race stopped making progress")
                .containsPattern("has waited [0-9.]+ s since 'lock asked")
                .containsPattern("\\(\\w+\\.java:\\d+\\)")
                .doesNotContain("\tat ")
                .doesNotContain("Exception:");
    }

    private static String names(GradeReport report) {
        return report.checks().stream().map(CheckResult::name).collect(Collectors.joining("; "));
    }
}
