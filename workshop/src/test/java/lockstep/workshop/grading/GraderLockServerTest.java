package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.ReleaseOutcome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A grader's lock server")
class GraderLockServerTest {

    @Test
    @DisplayName("comes back after a restart on the same port, with the lock its holder can still release")
    void restartKeepsPortAndLocks() throws Exception {
        try (GraderLockServer server = GraderLockServer.withManualClock()) {
            String url = server.services().requireLockServer();
            try (LockServerClient client = LockServerClient.connect(URI.create(url))) {
                Grant grant = client.acquire("seat-A1", "Alpha", Duration.ofSeconds(2)).grantIfAny().orElseThrow();

                server.restart();

                assertThat(server.services().requireLockServer()).isEqualTo(url);
                assertThat(server.lockOn("seat-A1").map(HeldLock::fencingToken)).contains(grant.fencingToken());
                try (LockServerClient afterRestart = LockServerClient.connect(URI.create(url))) {
                    assertThat(afterRestart.release(grant)).isInstanceOf(ReleaseOutcome.Released.class);
                }
            }
        }
    }

    @Test
    @DisplayName("ends every lease when told to, however long it was, and hands the lock to the first waiter")
    void endEveryLease() throws Exception {
        try (GraderLockServer server = GraderLockServer.withManualClock();
             LockServerClient client = LockServerClient.connect(URI.create(server.services().requireLockServer()))) {
            client.acquire("seat-A1", "Alpha", Duration.ofMinutes(59));

            server.endEveryLease();

            assertThat(server.lockOn("seat-A1")).isEmpty();
        }
    }
}
