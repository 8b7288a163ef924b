package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

@DisplayName("./lockstep lock-server")
class LockServerCommandTest {

    @TempDir
    Path folder;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @Test
    @DisplayName("--help lists the options and the API, and exits 0")
    void help() {
        int exit = run("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("--port", "--data", "--strict", "--bind",
                "/v1/locks/{resource}/acquire", "holder_token", "/acquire/{resource}?owner=O&ttl=S", "Exit codes");
    }

    @Test
    @DisplayName("an unknown option is one clear sentence, where to read more, and exit code 2")
    void unknownOption() {
        int exit = run("--colour");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("lockstep lock-server: Unknown option: '--colour'"
                + System.lineSeparator() + "See './lockstep lock-server --help'.");
    }

    @Test
    @DisplayName("a port that is not a number, or out of range, is refused with exit code 2")
    void badPort() {
        assertThat(run("--port", "fourteen")).isEqualTo(2);
        assertThat(err.toString()).contains("--port", "fourteen");
        assertThat(run("--port", "70000", "--data", folder.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--port must be between 0 and 65535", "was 70000");
    }

    @Test
    @DisplayName("a port in use is named, with how to choose another, and exit code 1")
    void portInUse() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int exit = run("--port", String.valueOf(taken.getLocalPort()), "--data", folder.toString());

            assertThat(exit).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(err.toString()).contains("Port " + taken.getLocalPort(), "already in use", "--port");
        }
    }

    private int run(String... args) {
        String[] withCommand = new String[args.length + 1];
        withCommand[0] = "lock-server";
        System.arraycopy(args, 0, withCommand, 1, args.length);
        CommandLine commandLine = Lockstep.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(withCommand);
    }
}
