package lockstep.workshop.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lockstep.workshop.lab.LockstepHome;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.testlabs.TestLabs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

@DisplayName("The picture of a failed check")
class PictureOfFailedCheckTest {

    @RegisterExtension
    final LockstepHome lockstepHome = new LockstepHome();

    @Test
    @DisplayName("is drawn beside the grade and named under the failure, only for a check that failed after a race")
    void drawnForAFailedRace(@TempDir Path home) throws Exception {
        lockstepHome.set(home);
        Map<String, String> notes = new ConcurrentHashMap<>();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(SampleChecks.class)).build(), new TestExecutionListener() {
                    @Override
                    public void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
                        notes.put(test.getDisplayName(), entry.getKeyValuePairs().get("picture"));
                    }
                });

        Path page = home.resolve(".lockstep/pictures/workshop.timeline-samplechecks-failsafterarace.html");
        assertThat(notes).containsOnlyKeys("fails after a race").containsEntry("fails after a race", "See it: " + page);
        assertThat(Files.readString(page)).as("the page of the race, headed by the check and its failure")
                .contains("\"title\":\"fails after a race\"", "no seat may be sold twice here", "\"node\":\"node-02\"");
    }

    /** Checks as a grader has them; run by the test above, not by surefire (an inner class). */
    @ExtendWith(PictureOfFailedCheck.class)
    static class SampleChecks {

        @Test
        @DisplayName("fails after a race")
        void failsAfterARace() throws Exception {
            Race.run(RaceSetup.of(TestLabs.code(TestLabs.CheckThenAct.class)).buyers(40).nodes(2).seats(1));
            fail("no seat may be sold twice here");
        }

        @Test
        @DisplayName("passes after a race")
        void passesAfterARace() throws Exception {
            Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class)).buyers(10).nodes(2).seats(1));
        }

        @Test
        @DisplayName("fails without a race")
        void failsWithoutARace() {
            fail("nothing was raced");
        }
    }
}
