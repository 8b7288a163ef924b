package lockstep.workshop.lockserver;

import lockstep.workshop.grading.Timing;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A lock server killed with SIGKILL comes back with its locks and keeps its fencing tokens growing")
class LockServerKillTest {

    @TempDir
    Path folder;
    private Process running;

    @AfterEach
    void killLeftovers() {
        if (running != null) {
            running.destroyForcibly();
        }
    }

    @Test
    @DisplayName("locks held at the kill are held after the restart, with the same expiry, and the next token is larger")
    void survivesSigkill() throws Exception {
        URI first = startServerProcess();
        Grant alpha;
        long largestToken;
        try (LockServerClient client = LockServerClient.connect(first)) {
            alpha = client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(60)).grantIfAny().orElseThrow();
            client.setnx("seat-B2", "Node_Beta");
            Grant gamma = client.acquire("seat-C3", "Node_Gamma", Duration.ofSeconds(60)).grantIfAny().orElseThrow();
            client.release(gamma);
            largestToken = gamma.fencingToken();
        }

        running.destroyForcibly();
        assertThat(running.waitFor(Timing.patience().toMillis(), TimeUnit.MILLISECONDS)).isTrue();
        assertThat(running.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(137);

        URI second = startServerProcess();
        try (LockServerClient client = LockServerClient.connect(second)) {
            List<HeldLock> locks = client.locks();

            assertThat(locks).extracting(HeldLock::resource).containsExactly("seat-A1", "seat-B2");
            HeldLock seatA1 = locks.get(0);
            assertThat(seatA1.owner()).isEqualTo("Node_Alpha");
            assertThat(seatA1.fencingToken()).isEqualTo(alpha.fencingToken());
            assertThat(seatA1.expiresAtMillis()).as("the expiry is the instant granted before the kill")
                    .isEqualTo(alpha.expiresAtMillis());
            assertThat(seatA1.expiresInMillis()).isBetween(1L, 60_000L);
            assertThat(locks.get(1).expires()).as("a setnx lock still has no expiry").isFalse();

            Grant next = client.acquire("seat-D4", "Node_Delta", Duration.ofSeconds(5)).grantIfAny().orElseThrow();
            assertThat(next.fencingToken()).isGreaterThan(largestToken);
            assertThat(client.release(alpha)).as("the holder token from before the kill still releases the lock")
                    .isInstanceOf(ReleaseOutcome.Released.class);
        }
    }

    /** Starts {@code lockstep lock-server --port 0 --data folder} in a new JVM and returns the URL it prints. */
    private URI startServerProcess() throws IOException, InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "lockstep.workshop.cli.Lockstep",
                "lock-server", "--port", "0", "--data", folder.toString());
        builder.redirectError(folder.resolveSibling(folder.getFileName() + "-server.err").toFile());
        running = builder.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(running.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<URI> url = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("Lock server listening on ")) {
                        String rest = line.substring("Lock server listening on ".length());
                        return URI.create(rest.substring(0, rest.indexOf(',')));
                    }
                }
                throw new IllegalStateException("the server process ended without printing its URL");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        URI uri = url.get(Timing.processStart().toMillis(), TimeUnit.MILLISECONDS);
        // Keep reading its output so the process never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "drain-lock-server-output");
        drain.setDaemon(true);
        drain.start();
        return uri;
    }
}
