package lockstep.workshop.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A lab's spec")
class LabTest {

    @Test
    @DisplayName("a ZooKeeper lab runs on one standalone server unless it asks for an ensemble")
    void zooKeeperServers() {
        Lab standalone = Lab.onZooKeeper(42, "lab42-some-lock", "Some lock", "/lockstep/lab42");
        Lab ensemble = standalone.withEnsemble(3).withTimedLock();

        assertThat(standalone.zooKeeperServers()).isEqualTo(1);
        assertThat(ensemble.zooKeeperServers()).isEqualTo(3);
        assertThat(ensemble.timedLock()).as("the other settings stay").isTrue();
        assertThat(Lab.onLockServer(43, "lab43-lease", "A lease").zooKeeperServers()).isZero();
    }

    @Test
    @DisplayName("refuses an ensemble for a lab without ZooKeeper, and one of more than seven servers")
    void refusesImpossibleEnsembles() {
        Lab lockServer = Lab.onLockServer(43, "lab43-lease", "A lease");
        Lab zooKeeper = Lab.onZooKeeper(42, "lab42-some-lock", "Some lock", "/lockstep/lab42");

        assertThatThrownBy(() -> lockServer.withEnsemble(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("on none");
        assertThatThrownBy(() -> zooKeeper.withEnsemble(9)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 7 servers");
    }
}
