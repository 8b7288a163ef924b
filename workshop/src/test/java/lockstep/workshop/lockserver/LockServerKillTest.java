package lockstep.workshop.lockserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.ReleaseOutcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A lock server killed with SIGKILL comes back with its locks and keeps its fencing tokens growing")
class LockServerKillTest {

    @TempDir
    Path folder;

    @Test
    @DisplayName("locks held at the kill are held after the restart, with the same expiry, and the next token is larger")
    void survivesSigkill() throws Exception {
        Grant alpha;
        long largestToken;
        try (LockServerProcess first = LockServerProcess.start(folder);
             LockServerClient client = LockServerClient.connect(first.uri())) {
            alpha = client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(60)).grantIfAny().orElseThrow();
            client.setnx("seat-B2", "Node_Beta");
            Grant gamma = client.acquire("seat-C3", "Node_Gamma", Duration.ofSeconds(60)).grantIfAny().orElseThrow();
            client.release(gamma);
            largestToken = gamma.fencingToken();

            assertThat(first.kill()).as("exit status of a JVM killed by SIGKILL").isEqualTo(137);
        }

        try (LockServerProcess second = LockServerProcess.start(folder);
             LockServerClient client = LockServerClient.connect(second.uri())) {
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
}
