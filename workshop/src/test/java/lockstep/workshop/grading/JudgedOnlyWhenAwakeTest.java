package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.race.Freeze;
import lockstep.workshop.race.FreezeWatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.engine.TestExecutionResult;

@DisplayName("A check that fails while the machine froze a JVM")
class JudgedOnlyWhenAwakeTest {

    @Test
    @DisplayName("says it is inconclusive, what froze and for how long, and then what it saw")
    void aFailureDuringAFreezeIsInconclusive() {
        List<Throwable> failures = run(ChecksThatFreeze.class);

        assertThat(failures).hasSize(2);
        assertThat(failures.get(0).getMessage())
                .startsWith("Inconclusive: during this check node-07 stood still for 2.5 s (the load average was ")
                .contains("Grade again when the machine is quieter.")
                .endsWith("What the check saw: Bob got A1's lock while Alice held it.");
        assertThat(failures.get(1)).isInstanceOf(HintedFailure.class);
        assertThat(((HintedFailure) failures.get(1)).hintTask()).isEqualTo(3);
        assertThat(failures.get(1).getMessage()).startsWith("Inconclusive: ").endsWith("Bob waited 15 s.");
    }

    @Test
    @DisplayName("is left as it is when nothing froze, or froze for less than a second")
    void aFailureWithoutAFreezeIsLeftAlone() {
        List<Throwable> failures = run(ChecksThatDoNotFreeze.class);

        assertThat(failures).extracting(Throwable::getMessage)
                .containsExactly("Bob got A1's lock while Alice held it.", "Two holders at once.");
    }

    private static List<Throwable> run(Class<?> checks) {
        List<Throwable> failures = new ArrayList<>();
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(checks))
                .configurationParameter("junit.jupiter.testmethod.order.default",
                        "org.junit.jupiter.api.MethodOrderer$MethodName")
                .build();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest()) {
                    result.getThrowable().ifPresent(failures::add);
                }
            }
        });
        return failures;
    }

    private static void freezeNow(String where, long millis) {
        FreezeWatch.heard(new Freeze(where, System.nanoTime(), Duration.ofMillis(millis)));
    }

    /** Run only by the tests above, through their own launcher. */
    @ExtendWith(JudgedOnlyWhenAwake.class)
    static class ChecksThatFreeze {
        @Test
        void a() {
            freezeNow("node-07", 2500);
            throw new AssertionError("Bob got A1's lock while Alice held it.");
        }

        @Test
        void b() {
            freezeNow("the grader", 1800);
            throw HintedFailure.pointingAt(3, "Bob waited 15 s.");
        }

        @Test
        void c() {
            freezeNow("node-02", 4000); // frozen, but the check passed: nothing to say
        }
    }

    /** Run only by the tests above, through their own launcher. */
    @ExtendWith(JudgedOnlyWhenAwake.class)
    static class ChecksThatDoNotFreeze {
        @Test
        void a() {
            throw new AssertionError("Bob got A1's lock while Alice held it.");
        }

        @Test
        void b() {
            freezeNow("node-01", 900);
            throw new AssertionError("Two holders at once.");
        }
    }
}
