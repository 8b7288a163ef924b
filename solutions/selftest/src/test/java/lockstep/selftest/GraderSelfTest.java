package lockstep.selftest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lockstep.workshop.grading.CheckResult;
import lockstep.workshop.grading.GradeReport;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * A grader is only as good as the mistakes it catches, and as fair as the correct code it passes. For every lab this
 * runs the lab's grader against the starter in {@code labs/} (it must fail), against the reference solution (it must
 * pass every check), and against each known-buggy variant kept beside the solution (it must fail the very check named
 * for that variant's mistake). In a build of the whole workshop the solutions' own modules leave their graders to this
 * test; started inside a solution's folder, {@code mvn verify} grades that solution there.
 *
 * <p>{@code -Dlockstep.selftest.labs=04} (or {@code 03,04}) proves only those labs' graders: the quick loop while a
 * lab's grader or variants change. Without it, every lab in the catalog.
 */
@DisplayName("The graders catch what they promise to catch")
class GraderSelfTest {

    /** The system property that limits the self-test to some labs, by id: {@code 04}, or {@code 03,04}. */
    private static final String LABS = "lockstep.selftest.labs";

    /** The system property that sets how many proofs run at once: {@code 1} runs them one after another. */
    private static final String AT_ONCE = "lockstep.selftest.parallel";
    private static final int AT_ONCE_DEFAULT = 6;

    private static Proofs proofs; // guarded by GraderSelfTest.class: made by the first test that asks

    private final WorkshopHome home = WorkshopHome.current();
    private final Implementations implementations = new Implementations(home);

    @TestFactory
    @DisplayName("Every starter fails its grader")
    Stream<DynamicTest> everyStarterFails() {
        return proofs().starters().stream().map(proof -> dynamicTest(proof.name(), () -> {
            GradeReport report = proof.report();

            assertThat(report.checks()).as("checks the grader of %s ran", proof.lab()).isNotEmpty();
            assertThat(report.failures())
                    .withFailMessage("The starter of %s passed every check of its grader: %s", proof.lab(),
                            report.checks())
                    .isNotEmpty();
        }));
    }

    @TestFactory
    @DisplayName("Every reference solution passes every check of its grader")
    Stream<DynamicTest> everySolutionPasses() {
        return proofs().solutions().stream().map(proof -> dynamicTest(proof.name(), () -> {
            GradeReport report = proof.report();

            // Every check must pass: a skipped one proves nothing about the solution.
            List<CheckResult> notPassed = report.checks().stream().filter(check -> !check.passed()).toList();
            assertThat(report.checks()).as("checks the grader of %s ran", proof.lab()).isNotEmpty();
            assertThat(notPassed)
                    .withFailMessage("The reference solution of %s did not pass %d of %d checks:%s", proof.lab(),
                            notPassed.size(), report.checks().size(), notPassed.stream()
                                    .map(check -> "\n- " + check.name() + " (" + check.status().toString()
                                            .toLowerCase() + "): " + check.message())
                                    .collect(Collectors.joining()))
                    .isEmpty();
        }));
    }

    @TestFactory
    @DisplayName("Every known-buggy variant fails the check named for its mistake")
    Stream<DynamicTest> everyVariantFailsItsCheck() {
        return proofs().variants().stream().map(proof -> dynamicTest(proof.name(),
                () -> assertVariantFails(proof.lab(), proof.code(), proof.check(), proof.report())));
    }

    /**
     * Every proof of this run, started at once on {@value #AT_ONCE_DEFAULT} threads (or {@value #AT_ONCE}) the first
     * time a test asks: each test then waits for its own. A grade is mostly waiting (sessions that must expire, retries
     * that must run out, a frozen holder's pause), so proofs side by side finish far sooner than one after another,
     * even on 2 cores. Each proof has its own class loader, lock services, seat database and scratch folders; the
     * graders' faults strike only what their own check started.
     */
    private static synchronized Proofs proofs() {
        if (proofs == null) {
            proofs = Proofs.start(labs(), atOnce());
        }
        return proofs;
    }

    /** How many proofs run at once: {@value #AT_ONCE}, or {@value #AT_ONCE_DEFAULT}. */
    private static int atOnce() {
        String given = System.getProperty(AT_ONCE, "").trim();
        if (given.isEmpty()) {
            return AT_ONCE_DEFAULT;
        }
        try {
            return Integer.parseInt(given);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + AT_ONCE + " was '" + given + "'; give how many proofs run at"
                    + " once, 1 or more (1: one after another)", e);
        }
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

    private void assertVariantFails(Lab lab, String variant, String check, GradeReport report) {
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
