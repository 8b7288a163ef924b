package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("The zk command")
class ZkCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Nested
    @DisplayName("zk start")
    class Start {

        @RegisterExtension
        final Background background = new Background();

        @Test
        @DisplayName("serves on the chosen port, prints the connect string, keeps data in the chosen folder, and stops cleanly")
        void servesPrintsAndStops(@TempDir Path data) throws Exception {
            int port = freePort();
            ZkStartCommand start = new ZkStartCommand();
            Future<Integer> exitCode = background.submit(() ->
                    commandLine(start).execute("--port", Integer.toString(port), "--data", data.toString()));

            awaitOutput("Press Ctrl+C to stop.");
            assertThat(out.toString())
                    .contains("a standalone server at 127.0.0.1:" + port)
                    .contains("--zk 127.0.0.1:" + port)
                    .contains("Data: " + data.toAbsolutePath());
            ZooKeeper client = ZooKeeperConnections.zooKeeper("127.0.0.1:" + port, Timing.shortSession(), event -> { });
            ZooKeeperConnections.closeQuietly(client);

            start.requestStop();
            assertThat(exitCode.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS)).isZero();
            assertThat(out.toString()).contains("ZooKeeper stopped.");
            assertThat(data.resolve("server-1/data/version-2")).isDirectory();
        }

        @Test
        @DisplayName("on a port in use, says another zk start may be running, and exits with 1")
        void portInUse(@TempDir Path data) throws IOException {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int port = taken.getLocalPort();

                int exitCode = commandLine(new ZkStartCommand()).execute("--port", Integer.toString(port), "--data", data.toString());

                assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
                assertThat(err.toString())
                        .contains("127.0.0.1:" + port + " is already in use")
                        .contains("another `./lockstep zk start` is already running");
            }
        }

        @Test
        @DisplayName("refuses an ensemble size it cannot run, showing the value")
        void refusesAWrongEnsembleSize() {
            int exitCode = commandLine(new ZkStartCommand()).execute("--ensemble", "12");

            assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
            assertThat(err.toString()).contains("--ensemble must be between 1 and 7, was 12");
        }

        private void awaitOutput(String text) throws InterruptedException {
            long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
            while (!out.toString().contains(text)) {
                assertThat(System.nanoTime()).withFailMessage("zk start never printed '%s'; it printed:%n%s%s", text, out, err)
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }

    @Nested
    @DisplayName("zk status")
    class Status {

        @Test
        @DisplayName("reports a standalone server and the znodes under /lockstep")
        void reportsStandalone() throws Exception {
            try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
                ZooKeeper client = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
                try {
                    client.create("/lockstep", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    client.create("/lockstep/locks", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    client.create("/lockstep/locks/seat-1", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

                    int exitCode = commandLine(new ZkCommand()).execute("status", "--zk", zooKeeper.connectString());

                    assertThat(exitCode).isZero();
                    assertThat(out.toString())
                            .contains("1 of 1 serving")
                            .containsPattern(zooKeeper.connectString() + " +standalone")
                            .contains("/lockstep holds 2 znodes below it.");
                } finally {
                    ZooKeeperConnections.closeQuietly(client);
                }
            }
        }

        @Test
        @DisplayName("names the leader and the followers of an ensemble, and a stopped member as not answering")
        void reportsAnEnsemble() throws Exception {
            try (EmbeddedZooKeeper ensemble = EmbeddedZooKeeper.ensemble(3).start()) {
                ensemble.stop(0);
                int leader = ensemble.leader();

                int exitCode = commandLine(new ZkCommand()).execute("status", "--zk", ensemble.connectString());

                assertThat(exitCode).isZero();
                assertThat(out.toString())
                        .contains("2 of 3 serving")
                        .containsPattern("127.0.0.1:" + ensemble.clientAddress(0).getPort() + " +not answering")
                        .containsPattern("127.0.0.1:" + ensemble.clientAddress(leader).getPort() + " +leader")
                        .contains("follower")
                        .contains("/lockstep does not exist yet");
            }
        }

        @Test
        @DisplayName("with nothing running, says how to start ZooKeeper and exits with 1")
        void nothingRunning() throws IOException {
            String nobody = "127.0.0.1:" + freePort();

            int exitCode = commandLine(new ZkCommand()).execute("status", "--zk", nobody);

            assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(out.toString()).contains(nobody).contains("not answering");
            assertThat(err.toString()).contains("No ZooKeeper answered at " + nobody).contains("`./lockstep zk start`");
        }
    }

    @Test
    @DisplayName("without a subcommand, shows its usage and exits with 2")
    void showsUsage() {
        int exitCode = commandLine(new ZkCommand()).execute();

        assertThat(exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(err.toString()).contains("Usage: zk").contains("start").contains("status");
    }

    private CommandLine commandLine(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine;
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
