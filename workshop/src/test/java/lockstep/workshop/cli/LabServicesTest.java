package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import lockstep.workshop.lab.Lab;
import lockstep.workshop.testlabs.CuratorTestLocks;
import lockstep.workshop.zookeeper.FourLetterWords;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The services a race starts for a lab")
class LabServicesTest {

    @Test
    @DisplayName("an ensemble of the size the lab's spec asks for, which the race owns and its faults may stop")
    void anEnsembleWhenTheSpecAsksForOne() throws Exception {
        try (LabServices services = LabServices.forRace(CuratorTestLocks.LAB, new ServiceOptions())) {
            String connectString = services.services().requireZookeeper();

            assertThat(FourLetterWords.addressesOf(connectString)).hasSize(3);
            assertThat(services.ensemble()).isPresent();
            assertThat(services.ensemble().get().connectString()).isEqualTo(connectString);
        }
    }

    @Test
    @DisplayName("one standalone server otherwise, and no ensemble to hand to a fault")
    void aStandaloneServerOtherwise() throws Exception {
        Lab standalone = Lab.onZooKeeper(42, "lab42-some-lock", "Some lock", "/lockstep/lab42");
        try (LabServices services = LabServices.forRace(standalone, new ServiceOptions())) {
            assertThat(FourLetterWords.addressesOf(services.services().requireZookeeper())).hasSize(1);
            assertThat(services.ensemble()).isEmpty();
        }
    }
}
