package lockstep.workshop.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;
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

    @Test
    @DisplayName("races its demo under one of its own named faults, and refuses a fault it does not have")
    void demoFault() {
        Lab zooKeeper = Lab.onZooKeeper(42, "lab42-some-lock", "Some lock", "/lockstep/lab42")
                .withFaults(new NamedFault("crash-holder", Fault.killAt("lock-granted"), "The holder dies."));

        Lab demoed = zooKeeper.withDemo(DemoRace.under("crash-holder", "The lock outlives its holder."));

        assertThat(demoed.demoFault()).map(NamedFault::name).contains("crash-holder");
        assertThat(zooKeeper.demoFault()).as("a lab races its demo without a fault until its spec names one")
                .isEmpty();
        assertThatThrownBy(() -> zooKeeper.withDemo(DemoRace.under("meteor", "Nothing is left.")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'meteor'").hasMessageContaining("[crash-holder]");
    }

    @Test
    @DisplayName("every lab of the catalog says in a sentence what its demo race shows")
    void everyLabSaysWhatItsDemoShows() {
        List<Lab> silent = LabCatalog.all().stream().filter(lab -> lab.demo().shows().isBlank()).toList();

        assertThat(silent).as("labs whose row in ./lockstep demo would come without a sentence").isEmpty();
    }
}
