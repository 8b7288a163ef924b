package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.faults.RedisOutage;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

@DisplayName("The redis command")
class RedisCommandTest {

    private final CapturedOutput output = new CapturedOutput();

    @Nested
    @DisplayName("redis start")
    class Start {

        @RegisterExtension
        final Background background = new Background();

        @Test
        @DisplayName("serves on the chosen ports, says which Redis ran and from where, and stops cleanly")
        void servesPrintsAndStops() throws Exception {
            int port = twoFreePorts();
            RedisStartCommand start = new RedisStartCommand();
            Future<Integer> exitCode = background.submit(() ->
                    output.commandLine(start).execute("--nodes", "2", "--port", Integer.toString(port)));

            output.awaitOut("Press Ctrl+C to stop.");
            assertThat(output.out())
                    .containsPattern("Redis \\d+\\.\\d+\\.\\d+ is running: 2 servers on 127\\.0\\.0\\.1:" + port + "-" + (port + 1))
                    .containsPattern("server 0 +127\\.0\\.0\\.1:" + port + " +pid \\d+")
                    .containsPattern("server 1 +127\\.0\\.0\\.1:" + (port + 1) + " +pid \\d+")
                    .contains("redis-server: from the embedded-redis 1.4.3 jar")
                    .contains("Persistence: none");
            for (int server = 0; server < 2; server++) {
                try (Jedis client = RedisConnections.jedis(new HostAndPort("127.0.0.1", port + server), Timing.forPromptEvent())) {
                    assertThat(client.ping()).isEqualTo("PONG");
                }
            }

            start.requestStop();
            assertThat(exitCode.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS)).isZero();
            assertThat(output.out()).contains("Redis stopped: 2 servers, and their folders deleted.");
        }

        @Test
        @DisplayName("on a port in use, says another redis start may be running, and exits with 3")
        void portInUse() throws IOException {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int port = taken.getLocalPort();

                int exitCode = output.lockstep().execute("redis", "start", "--nodes", "1", "--port", Integer.toString(port));

                assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
                assertThat(output.err())
                        .contains("Redis cannot start: 127.0.0.1:" + port + " is already in use.")
                        .contains("another `./lockstep redis start`");
            }
        }
    }

    @ParameterizedTest(name = "redis {0} {1} {2}")
    @CsvSource({
        "start,  --nodes, 0,     '--nodes must be 1 to 9 (Redlock uses 5), but was 0'",
        "start,  --nodes, 10,    '--nodes must be 1 to 9 (Redlock uses 5), but was 10'",
        "start,  --port,  70000, '--port must be 1 to 65531 (the 5 servers use 5 ports from it), for example 6379, but was 70000'",
        "start,  --port,  0,     '--port must be 1 to 65531'",
        "status, --nodes, 0,     '--nodes must be 1 to 9'",
        "status, --port,  65534, '--port must be 1 to 65531'",
    })
    @DisplayName("bad input is refused before anything starts, in one sentence naming the flag, with exit code 2")
    void badInput(String subcommand, String flag, String value, String sentence) {
        int exitCode = output.lockstep().execute("redis", subcommand, flag, value);

        assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(output.err()).startsWith("lockstep redis " + subcommand + ": " + sentence);
        assertThat(output.out()).isEmpty();
    }

    @Nested
    @DisplayName("redis status")
    class Status {

        @Test
        @DisplayName("lists every server with its version, process id and keys, and exits with 0 when all answer")
        void allAnswer() throws IOException {
            try (RedisServers servers = RedisServers.of(2).firstPort(twoFreePorts()).start()) {
                try (Jedis client = RedisConnections.jedis(servers.address(1), Timing.forPromptEvent())) {
                    client.set("lock", "alice");
                }
                int port = servers.address(0).getPort();

                int exitCode = output.commandLine(new RedisCommand()).execute("status", "--nodes", "2", "--port", Integer.toString(port));

                assertThat(exitCode).isZero();
                assertThat(output.out())
                        .contains("Redis on 127.0.0.1:" + port + "-" + (port + 1) + ": 2 of 2 answering")
                        .containsPattern(servers.address(0) + " +Redis " + servers.binary().version().replace(".", "\\.")
                                + ", pid " + servers.process(0).pid() + ", 0 keys")
                        .containsPattern(servers.address(1) + " +Redis .*, pid " + servers.process(1).pid() + ", 1 key\\b");
                assertThat(output.err()).isEmpty();
            }
        }

        @Test
        @DisplayName("with one server killed, names it as not answering, says how it comes back, and exits with 3")
        void oneKilled() throws Exception {
            try (RedisServers servers = RedisServers.of(2).firstPort(twoFreePorts()).start()) {
                RedisOutage.kill(servers, 1);
                int port = servers.address(0).getPort();

                int exitCode = output.commandLine(new RedisCommand()).execute("status", "--nodes", "2", "--port", Integer.toString(port));

                assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
                assertThat(output.out()).contains("1 of 2 answering").containsPattern(servers.address(1) + " +not answering");
                assertThat(output.err()).contains("1 of 2 did not answer within 1 s")
                        .contains("`./lockstep redis start --nodes 2 --port " + port + "`");
            }
        }

        @Test
        @DisplayName("with nothing running, gives the command that starts them, and exits with 3")
        void nothingRunning() throws IOException {
            int port = twoFreePorts();

            int exitCode = output.commandLine(new RedisCommand()).execute("status", "--nodes", "2", "--port", Integer.toString(port));

            assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
            assertThat(output.out()).contains("0 of 2 answering");
            assertThat(output.err()).contains("No Redis answered at 127.0.0.1:" + port + ", 127.0.0.1:" + (port + 1))
                    .contains("`./lockstep redis start --nodes 2 --port " + port + "`");
        }
    }

    @Test
    @DisplayName("without a subcommand, is refused as bad input, pointing at its help")
    void needsASubcommand() {
        int exitCode = output.lockstep().execute("redis");

        assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(output.err()).contains("See './lockstep redis --help'.");
    }

    /** The first of two consecutive ports that are free now. */
    private static int twoFreePorts() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            try (ServerSocket first = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                    ServerSocket second = new ServerSocket(first.getLocalPort() + 1, 1, InetAddress.getByName("127.0.0.1"))) {
                return first.getLocalPort();
            } catch (IOException taken) {
                // the port after the kernel's choice is taken: ask again
            }
        }
        throw new IOException("found no two consecutive free ports on 127.0.0.1 in 100 attempts");
    }
}
