package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.time.Duration;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.lockserver.Grant;
import lockstep.workshop.lockserver.LockServerClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@DisplayName("./lockstep visualize")
class VisualizeCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    @DisplayName("shows each lock with owner, fencing token and time left, then the last events")
    void showsLocksAndEvents() throws Exception {
        try (GraderLockServer server = GraderLockServer.withManualClock()) {
            String url = server.services().requireLockServer();
            try (LockServerClient client = LockServerClient.connect(URI.create(url))) {
                Grant gone = client.acquire("seat-B7", "Node_Beta", Duration.ofSeconds(2)).grantIfAny().orElseThrow();
                client.release(gone);
                client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(2));
                client.acquire("seat-A1", "Node_Gamma", Duration.ofSeconds(2));
            }

            int exit = run("--server", url, "--once");

            assertThat(exit).isZero();
            assertThat(out.toString())
                    .containsPattern("seat-A1 +Node_Alpha +2 +2\\.0 s +0")
                    .contains("granted  seat-B7", "released seat-B7", "granted  seat-A1", "denied   seat-A1");
        }
    }

    @Test
    @DisplayName("says so when no server answers, and with --once exits with code 3")
    void serverDown() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exit = run("--server", "http://127.0.0.1:" + port, "--once");

        assertThat(exit).isEqualTo(Lockstep.UNAVAILABLE);
        assertThat(out.toString()).contains("No lock server answers here", "./lockstep lock-server");
    }

    @Test
    @DisplayName("for a lab without a lock service, says which lab it can show")
    void labWithoutALockService() {
        int exit = run("--lab", "01", "--once");

        assertThat(exit).isEqualTo(Lockstep.BAD_INPUT);
        assertThat(err.toString()).contains("has no lock service to watch", "--lab 02");
    }

    private int run(String... args) {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "visualize";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        CommandLine commandLine = Lockstep.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(withCommand);
    }
}
