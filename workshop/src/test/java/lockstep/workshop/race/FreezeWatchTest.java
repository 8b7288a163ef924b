package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lockstep.workshop.faults.ChildJvm;
import lockstep.workshop.faults.ProcessPause;
import lockstep.workshop.grading.Timing;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The freeze watch")
class FreezeWatchTest {

    @Test
    @DisplayName("notices a JVM stopped for 1.5 s (SIGSTOP, then SIGCONT), and says for how long")
    void noticesAStoppedJvm() throws Exception {
        try (ChildJvm child = ChildJvm.start(FreezingChild.class)) {
            child.awaitLineStartingWith("WATCHING", Timing.forChildJvm());

            ProcessPause.pause(child.handle());
            Thread.sleep(1500); // the fault itself: how long the JVM stays stopped
            ProcessPause.resume(child.handle());

            String froze = child.awaitLineStartingWith("FROZE ", Timing.forPromptEvent());
            long millis = Long.parseLong(froze.substring("FROZE ".length()).trim());
            assertThat(millis)
                    .withFailMessage("the child was stopped for 1,500 ms, but its watch saw a freeze of %d ms", millis)
                    .isBetween(1400L, 1500L + Timing.forPromptEvent().toMillis());
        }
    }

    @Test
    @DisplayName("keeps the freezes node processes report, and gives the longest since a moment")
    void keepsReportedFreezes() {
        long before = System.nanoTime();
        FreezeWatch.heard(new Freeze("node-01", before + 1, Duration.ofMillis(1200)));
        FreezeWatch.heard(new Freeze("node-02", before + 2, Duration.ofMillis(3400)));
        FreezeWatch.heard(new Freeze("node-03", before - 1_000_000_000L, Duration.ofMillis(9000)));

        assertThat(FreezeWatch.longestSince(before)).hasValueSatisfying(longest ->
                assertThat(longest.toString()).isEqualTo("node-02 stood still for 3.4 s"));
    }
}
