package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import lockstep.workshop.grading.CheckResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The checklist a grade prints")
class ChecklistTest {

    private final StringWriter out = new StringWriter();
    private final Checklist checklist = new Checklist(new PrintWriter(out, true));

    @Test
    @DisplayName("prints a check's notes under it, passed or failed, and the failure's reason only for a failure")
    void printsNotesUnderEveryCheck() {
        checklist.accept(new CheckResult(2, "2. Wait with a watch", "The herd is measured", CheckResult.Status.PASSED,
                "", List.of("8 buyers: 7.9 watch notifications per release")));
        checklist.accept(new CheckResult(2, "2. Wait with a watch", "Bob waits without polling", CheckResult.Status.FAILED,
                "Bob read ZooKeeper 20 times.", List.of()));

        assertThat(out.toString().lines().toList()).containsSubsequence(
                "2. Wait with a watch",
                "  [pass] The herd is measured",
                "         8 buyers: 7.9 watch notifications per release",
                "  [FAIL] Bob waits without polling",
                "         Bob read ZooKeeper 20 times.");
    }
}
