package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The labs' named faults")
class LabFaultsTest {

    private static final Lab LAB_01 = LabCatalog.find(1).orElseThrow();
    private static final Lab LAB_02 = LabCatalog.find(2).orElseThrow();

    @Test
    @DisplayName("Lab 02 kills a holder the moment it gets the lock, and freezes a payer past its TTL")
    void lab02() {
        assertThat(LabFaults.named(LAB_02, "crash-between-setnx-and-expire").fault())
                .isEqualTo(Fault.killAt("lock-granted"));
        assertThat(LabFaults.named(LAB_02, "holder-pause-longer-than-ttl").fault().action())
                .isEqualTo(Fault.Action.PAUSE);
    }

    @Test
    @DisplayName("an unknown name is refused with the names there are; a lab without faults says so")
    void unknownNames() {
        assertThatThrownBy(() -> LabFaults.named(LAB_02, "meteor"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("crash-between-setnx-and-expire, holder-pause-longer-than-ttl")
                .hasMessageContaining("'meteor'");
        assertThatThrownBy(() -> LabFaults.named(LAB_01, "meteor"))
                .hasMessageContaining("has no named faults");
    }

    @Test
    @DisplayName("the help names each fault with its lab, and wraps its description within 80 columns")
    void help() {
        assertThat(LabFaults.helpLines(LabCatalog.all()))
                .contains("  --lab 02 --fault crash-between-setnx-and-expire")
                .allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }
}
