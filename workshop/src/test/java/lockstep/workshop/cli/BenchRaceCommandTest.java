package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("lockstep bench race")
class BenchRaceCommandTest {

    /** Lab 01 as a learner first gets it, in this repository (the tests run in workshop/). */
    private static final Path LAB01 = Path.of("..", "labs", "lab01-ticket-race").toAbsolutePath().normalize();

    private final CapturedOutput output = new CapturedOutput();
    private final String homeBefore = System.getProperty("lockstep.home");

    @AfterEach
    void restoreHome() {
        if (homeBefore == null) {
            System.clearProperty("lockstep.home");
        } else {
            System.setProperty("lockstep.home", homeBefore);
        }
    }

    @Test
    @DisplayName("It races Lab 01 as often as asked and prints each race's duration, and that no lock changed hands")
    void printsTheTableForLab01(@TempDir Path home) throws Exception {
        workshopWithLab01At(home);

        int exit = output.lockstep().execute("bench", "race", "--lab", "01", "--runs", "2");

        // The starter oversells (exit 1); whatever the code in labs/ does, the figures are printed.
        assertThat(exit).withFailMessage("bench race ended with %d:%n%s%s", exit, output.out(), output.err())
                .isIn(ExitCodes.OK, ExitCodes.FAILED_CHECK);
        assertThat(output.out()).contains("Lab 01", "2 races of 1,000 buyers on 10 nodes",
                "race   durationMs  handoffs", "No lock changed hands", "durationMs (start signal to last answer): median");
        assertThat(output.out().lines().filter(line -> line.matches("^[12] +[0-9,]+ +0 .*"))).hasSize(2);
    }

    @Test
    @DisplayName("A --runs of 0 is refused with exit code 2 and one sentence naming the flag")
    void refusesNoRuns() {
        int exit = output.lockstep().execute("bench", "race", "--lab", "01", "--runs", "0");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(output.err()).contains("--runs takes a number of races from 1 to 99, such as 5, but was 0.");
    }

    /** A workshop folder holding Lab 01's code from labs/, compiled where the launcher's build puts it. */
    private static void workshopWithLab01At(Path home) throws IOException {
        Files.createDirectories(home.resolve("workshop"));
        Path classes = home.resolve("labs/lab01-ticket-race/target/classes");
        Files.createDirectories(classes);
        List<String> arguments = new ArrayList<>(List.of("--release", "17", "-nowarn", "-d", classes.toString(),
                "-cp", System.getProperty("java.class.path")));
        for (String folder : List.of("src/main/java", "src/seam/java")) {
            try (Stream<Path> files = Files.walk(LAB01.resolve(folder))) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> arguments.add(file.toString()));
            }
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int exit = javac.run(null, null, errors, arguments.toArray(String[]::new));
        assertThat(exit).withFailMessage("Lab 01's code in %s does not compile:%n%s", LAB01, errors).isZero();
        System.setProperty("lockstep.home", home.toString());
    }
}
