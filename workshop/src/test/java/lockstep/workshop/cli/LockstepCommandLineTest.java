package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.lab.LockstepHome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

@DisplayName("The lockstep command line")
class LockstepCommandLineTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    @RegisterExtension
    final LockstepHome lockstepHome = new LockstepHome();

    @ParameterizedTest(name = "lockstep {0} --help")
    @ValueSource(strings = {"list", "book", "race", "grade", "hint", "demo", "reset", "zk", "redis", "lock-server", "visualize"})
    @DisplayName("Every subcommand explains itself with --help")
    void everySubcommandHasHelp(String subcommand) {
        int exit = run(subcommand, "--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: lockstep " + subcommand);
    }

    @Test
    @DisplayName("An unknown lab is refused with one sentence listing the labs there are")
    void unknownLab() {
        int exit = run("race", "--lab", "42");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("There is no lab 42. Labs: 01 (The ticket race)");
    }

    @Test
    @DisplayName("A lab that is not a number is refused")
    void labNotANumber() {
        int exit = run("grade", "first");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("'first' is not a lab number");
    }

    @ParameterizedTest
    @ValueSource(strings = {"notahost:xx", "127.0.0.1", "127.0.0.1:2181,", "127.0.0.1:70000"})
    @DisplayName("A --zk that is not host:port is refused as bad input, naming the flag, before anything connects")
    void malformedConnectString(String connectString) {
        int exit = run("book", "--lab", "03", "--id", "Node_Alpha", "--zk", connectString);

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--zk must be host:port[,host:port...]", "'" + connectString + "'");
    }

    @Test
    @DisplayName("A non-number for --buyers is refused, naming the flag")
    void buyersNotANumber() {
        int exit = run("race", "--lab", "01", "--buyers", "many");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--buyers").contains("many");
    }

    @Test
    @DisplayName("Zero buyers are refused, naming the flag")
    void zeroBuyers(@TempDir Path home) throws Exception {
        useWorkshopAt(home, true);

        int exit = run("race", "--lab", "01", "--buyers", "0");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--buyers must be at least 1, but was 0");
    }

    @Test
    @DisplayName("A node name with spaces is refused, with an example of a good one")
    void badNodeName(@TempDir Path home) throws Exception {
        useWorkshopAt(home, true);

        int exit = run("book", "--lab", "01", "--id", "Node Alpha");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--id must be").contains("Node_Alpha");
    }

    @Test
    @DisplayName("--impl solution in a learners' edition says plainly that the solutions are not included")
    void solutionsNotIncluded(@TempDir Path home) throws Exception {
        useWorkshopAt(home, false);

        int exit = run("race", "--lab", "01", "--impl", "solution");

        assertThat(exit).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString()).contains("The reference solutions are not included in this edition");
    }

    @Test
    @DisplayName("An unknown --impl lists the names that exist")
    void unknownImplementation(@TempDir Path home) throws Exception {
        useWorkshopAt(home, true);

        int exit = run("race", "--lab", "01", "--impl", "mine");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--impl must be learner, solution");
    }

    @Test
    @DisplayName("A database file another program holds open gets one sentence and exit code 3")
    void databaseHeldByAnotherProgram(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("held");
        Process holder = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), HoldDatabaseOpen.class.getName(), file.toString())
                .redirectErrorStream(true).start();
        try {
            String line = new BufferedReader(new InputStreamReader(holder.getInputStream())).readLine();
            assertThat(line).isEqualTo("holding");

            int exit = run("reset", "--db", "jdbc:h2:file:" + file);

            assertThat(exit).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(err.toString()).contains("is held open by another program").contains("--db");
        } finally {
            holder.destroyForcibly().waitFor();
        }
    }

    @Test
    @DisplayName("reset --db puts the seats on sale in that database and starts no seat server")
    void resetWithAnotherDatabase(@TempDir Path home) throws Exception {
        useWorkshopAt(home, false);
        Path file = home.resolve("elsewhere");

        int exit = run("reset", "--db", "jdbc:h2:file:" + file, "--seats", "2");

        assertThat(exit).isZero();
        assertThat(SeatDatabase.privateFile(file).seats()).containsExactly("A1", "A2");
        assertThat(home.resolve(".lockstep/data"))
                .withFailMessage("reset --db should leave the seat server's folder alone, but made %s",
                        home.resolve(".lockstep/data"))
                .doesNotExist();
    }

    @Test
    @DisplayName("book for a lock-server lab with no server answering: one sentence, how to start one, exit code 3")
    void bookWithoutALockServer(@TempDir Path home) throws Exception {
        useWorkshopAt(home, true);

        int exit = run("book", "--lab", "02", "--id", "Node_Alpha", "--server", "http://127.0.0.1:" + freePort());

        assertThat(exit).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(err.toString()).contains("No lock server answers at http://127.0.0.1:")
                .contains("./lockstep lock-server");
    }

    @Test
    @DisplayName("book with a --server that is not an http URL is refused, showing what one looks like")
    void bookWithABadServerUrl() {
        int exit = run("book", "--lab", "02", "--id", "Node_Alpha", "--server", "localhost:14000");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("http://127.0.0.1:14000");
    }

    @Test
    @DisplayName("race --fault with a name the lab does not have lists the names it has")
    void unknownFault() {
        int exit = run("race", "--lab", "02", "--fault", "meteor");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("crash-between-setnx-and-expire").contains("'meteor'");
    }

    @Test
    @DisplayName("race --help lists every lab's named faults")
    void raceHelpListsTheFaults() {
        run("race", "--help");

        assertThat(out.toString()).contains("--lab 02 --fault crash-between-setnx-and-expire",
                "--lab 02 --fault holder-pause-longer-than-ttl");
    }

    @Test
    @DisplayName("A database URL that is not JDBC is refused with an example")
    void notAJdbcUrl() {
        int exit = run("reset", "--db", "postgres://localhost/lockstep");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("a database URL starts with 'jdbc:'");
    }

    @Test
    @DisplayName("A mistyped subcommand keeps picocli's suggestion and names the command as typed")
    void mistypedSubcommand() {
        int exit = run("rce", "--lab", "01");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("Did you mean: lockstep race?").contains("See './lockstep --help'.")
                .doesNotContain("lockstep lockstep");
    }

    @Test
    @DisplayName("zk start with a port out of range names --port, the command as typed and its help")
    void zkStartWithAPortOutOfRange() {
        int exit = run("zk", "start", "--port", "70000");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("lockstep zk start: --port must be 1 to 65535")
                .contains("'./lockstep zk start --help'");
    }

    @Test
    @DisplayName("bench redlock with no contenders names --contenders and what it takes, before any Redis starts")
    void benchRedlockWithNoContenders() {
        int exit = run("bench", "redlock", "--contenders", "0");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("lockstep bench redlock: --contenders takes numbers from 1 to 64, such as"
                + " 1,8, but was [0]");
    }

    @Test
    @DisplayName("A --db URL that no driver understands is bad input naming --db, not a missing database")
    void aDatabaseUrlNoDriverUnderstands() {
        int exit = run("race", "--lab", "01", "--db", "jdbc:nonsense:x");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--db must be a JDBC URL").contains("'jdbc:nonsense:x'")
                .doesNotContain("Opening");
    }

    @Test
    @DisplayName("race with a --server that is not a URL is refused naming --server, before any node opens")
    void raceWithABadServerUrl() {
        int exit = run("race", "--lab", "02", "--server", "notaurl");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--server must be a lock server's URL").contains("'notaurl'")
                .doesNotContain("Opening");
    }

    @Test
    @DisplayName("book with --server notaurl names the flag")
    void bookWithServerNotAUrl() {
        int exit = run("book", "--lab", "02", "--id", "Node_Alpha", "--server", "notaurl");

        assertThat(exit).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--server must be a lock server's URL");
    }

    @Test
    @DisplayName("An option the chosen lab does not use gets a one-line warning")
    void anOptionTheLabDoesNotUse() {
        run("race", "--lab", "01", "--zk", "127.0.0.1:2181", "--buyers", "2", "--nodes", "1");

        assertThat(err.toString()).contains("lockstep race: Lab 01 · The ticket race does not use --zk");
    }

    @ParameterizedTest(name = "lockstep {0} --help")
    @ValueSource(strings = {"list", "book", "race", "grade", "hint", "demo", "reset", "lock-server", "visualize"})
    @DisplayName("Every command's help shows the one exit-code table")
    void oneExitCodeScheme(String subcommand) {
        run(subcommand, "--help");

        assertThat(out.toString()).contains("Exit codes:").contains("2     bad input")
                .contains("3     a database or lock service is not there").contains("130   stopped with Ctrl+C");
    }

    private int run(String... args) {
        CommandLine commandLine = Lockstep.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A workshop folder with Lab 01's folders (and its solution's, if {@code withSolutions}), but nothing built. */
    private void useWorkshopAt(Path home, boolean withSolutions) throws Exception {
        Files.createDirectories(home.resolve("workshop"));
        Files.createDirectories(home.resolve("labs/lab01-ticket-race"));
        if (withSolutions) {
            Files.createDirectories(home.resolve("solutions/lab01-ticket-race"));
        }
        lockstepHome.set(home);
    }
}
