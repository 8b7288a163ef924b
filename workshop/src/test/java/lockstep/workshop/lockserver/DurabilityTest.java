package lockstep.workshop.lockserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Locks survive a restart of the lock server")
class DurabilityTest {

    @TempDir
    Path folder;

    @Test
    @DisplayName("after a restart, held locks are held with their remaining time and the holder token still works")
    void locksSurviveARestart() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder)) {
            Map<String, Object> alpha = server.grant("seat-A1", "Node_Alpha", 10_000);
            server.post("/v1/locks/seat-B2/setnx", "{\"owner\":\"Node_Beta\"}");
            server.clock.advance(Duration.ofMillis(4_000));

            server.restart();

            assertThat(server.get("/v1/locks").text()).contains(
                    "{\"resource\":\"seat-A1\",\"owner\":\"Node_Alpha\",\"fencing_token\":1,\"expires_at_ms\":"
                            + (server.nowMillis() + 6_000) + ",\"expires_in_ms\":6000,\"waiting\":0}",
                    "{\"resource\":\"seat-B2\",\"owner\":\"Node_Beta\",\"fencing_token\":2,\"expires_at_ms\":null");
            assertThat(server.post("/v1/locks/seat-A1/release", "{\"holder_token\":\"" + alpha.get("holder_token")
                    + "\"}").field("status")).isEqualTo("released");
        }
    }

    @Test
    @DisplayName("fencing tokens keep growing after a restart, even for a resource nobody holds any more")
    void fencingTokensKeepGrowing() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder)) {
            for (int i = 0; i < 5; i++) {
                Map<String, Object> grant = server.grant("seat-A1", "Node_Alpha", 1_000);
                server.post("/v1/locks/seat-A1/release", "{\"holder_token\":\"" + grant.get("holder_token") + "\"}");
            }

            server.restart();

            assertThat(server.grant("seat-A1", "Node_Beta", 1_000)).containsEntry("fencing_token", 6);
        }
    }

    @Test
    @DisplayName("the time a server is down counts against each lease, because expiries are wall-clock instants")
    void downtimeCountsAgainstTheLease() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder)) {
            server.grant("seat-A1", "Node_Alpha", 10_000);
            server.server().close();
            server.clock.advance(Duration.ofSeconds(11));

            server.restart();

            assertThat(server.get("/v1/locks").field("locks")).isEqualTo(List.of());
            assertThat(server.get("/v1/events").text()).contains("\"type\":\"expired\"");
        }
    }

    @Test
    @DisplayName("a wall clock that jumps forward expires every lease at once (the cost of wall-clock expiries)")
    void clockJumpExpiresLeases() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder)) {
            server.grant("seat-A1", "Node_Alpha", 60_000);

            server.clock.jumpTo(server.clock.now().plus(Duration.ofHours(1)));

            assertThat(server.grant("seat-A1", "Node_Beta", 60_000)).containsEntry("fencing_token", 2);
        }
    }

    @Test
    @DisplayName("compaction keeps one small log file, and the state read back from it is complete")
    void compactionKeepsTheLogSmall() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder, config -> config.withCompactAfterBytes(2_048))) {
            server.grant("seat-kept", "Node_Keeper", 60_000);
            for (int i = 0; i < 120; i++) {
                Map<String, Object> grant = server.grant("seat-" + (i % 7), "Node_Alpha", 60_000);
                server.post("/v1/locks/seat-" + (i % 7) + "/release",
                        "{\"holder_token\":\"" + grant.get("holder_token") + "\"}");
            }
            Map<String, Object> last = server.grant("seat-last", "Node_Omega", 60_000);

            // 240 changes of about 150 bytes each were logged; without compaction the log would hold 36 KB.
            assertThat(logFiles()).hasSize(1);
            assertThat(logFiles().get(0).getFileName().toString()).isNotEqualTo("wal-0000000000000001.log");
            assertThat(loggedBytes(logFiles().get(0))).isLessThan(4_096);
            server.restart();

            assertThat(server.get("/v1/locks").text()).contains("seat-kept", "Node_Keeper", "seat-last")
                    .doesNotContain("\"seat-0\"");
            assertThat(last).containsEntry("fencing_token", 122);
            assertThat(server.grant("seat-next", "Node_Alpha", 1_000)).containsEntry("fencing_token", 123);
        }
    }

    @Test
    @DisplayName("a torn last line (a crash in the middle of a write) is ignored, and nothing acknowledged is lost")
    void tornTailIsIgnored() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder)) {
            server.grant("seat-A1", "Node_Alpha", 60_000);
            server.server().close();
            Path log = logFiles().get(0);
            try (FileChannel file = FileChannel.open(log, StandardOpenOption.WRITE)) {
                file.write(ByteBuffer.wrap("3f2a1b0c {\"type\":\"granted\",\"resou".getBytes(StandardCharsets.UTF_8)),
                        loggedBytes(log));
            }

            server.restart();

            assertThat(server.get("/v1/locks").text()).contains("Node_Alpha");
            assertThat(server.grant("seat-B2", "Node_Beta", 1_000)).containsEntry("fencing_token", 2);
        }
    }

    @Test
    @DisplayName("a second server on the same data folder is refused with a clear message")
    void oneServerPerFolder() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder)) {
            assertThatThrownBy(() -> LockServer.start(LockServerConfig.defaults(folder).withPort(0)))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("Another lock server is using the data folder")
                    .hasMessageContaining("--data");
            assertThat(server.get("/v1/health").field("status")).isEqualTo("ok");
        }
    }

    @Test
    @DisplayName("a log damaged beyond the torn tail stops the start instead of silently forgetting locks")
    void damagedLogStopsTheStart() throws IOException {
        try (TestLockServer server = TestLockServer.start(folder)) {
            server.grant("seat-A1", "Node_Alpha", 60_000);
        }
        Path log = logFiles().get(0);
        byte[] bytes = Files.readAllBytes(log);
        bytes[3] = (byte) (bytes[3] == 'f' ? 'e' : 'f');
        Files.write(log, bytes);

        assertThatThrownBy(() -> LockServer.start(LockServerConfig.defaults(folder).withPort(0)))
                .isInstanceOf(IOException.class).hasMessageContaining("no log file").hasMessageContaining("damaged");
    }

    /** The length of the log's lines, without the zeroed space the log preallocates after them. */
    private static long loggedBytes(Path log) throws IOException {
        byte[] bytes = Files.readAllBytes(log);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return end;
    }

    private List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("wal-")).sorted().toList();
        }
    }
}
