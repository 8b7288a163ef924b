package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileLock;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A port an embedded ZooKeeper chose stays its own until it closes")
class PortClaimsTest {

    @Test
    @DisplayName("a claimed port cannot be claimed again until it is released")
    void aClaimedPortIsTakenUntilReleased() {
        // A port nobody else claims now: other test JVMs claim ports too.
        int port = 20_000 + (int) (ProcessHandle.current().pid() % 12_000);
        Optional<FileLock> first = PortClaims.tryClaim(port);
        while (first.isEmpty() && port < 32_767) {
            first = PortClaims.tryClaim(++port);
        }
        assertThat(first).as("a first claim of a port from %d up", port).isPresent();
        try {
            assertThat(PortClaims.tryClaim(port)).as("a second claim of port %d", port).isEmpty();
        } finally {
            PortClaims.release(first.get());
        }
        Optional<FileLock> again = PortClaims.tryClaim(port);
        assertThat(again).as("a claim of port %d after its release", port).isPresent();
        PortClaims.release(again.get());
    }

    @Test
    @DisplayName("a stopped member's ports are still claimed, and are given up when the ensemble closes")
    void aStoppedMembersPortsStayClaimed() throws Exception {
        int clientPort;
        try (EmbeddedZooKeeper ensemble = EmbeddedZooKeeper.ensemble(3).start()) {
            clientPort = Integer.parseInt(ensemble.connectString().split(",")[1].split(":")[1]);
            ensemble.stop(1);

            assertThat(PortClaims.tryClaim(clientPort)).as("a claim of stopped member 1's port %d", clientPort).isEmpty();

            ensemble.restart(1);
        }
        Optional<FileLock> afterClose = PortClaims.tryClaim(clientPort);
        assertThat(afterClose).as("a claim of port %d once the ensemble closed", clientPort).isPresent();
        PortClaims.release(afterClose.get());
    }
}
