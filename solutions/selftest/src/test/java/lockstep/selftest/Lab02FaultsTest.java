package lockstep.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.race.LabFaults;
import lockstep.workshop.race.NamedFault;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What Lab 02's README says the reference solution shows under each named fault is what it shows: the same race as
 * {@code ./lockstep race --lab 02 --impl solution --fault NAME} (1,000 buyers, 10 node processes, 1 seat, a lock
 * server of its own on the real clock), judged on the numbers the README prints.
 */
@DisplayName("Lab 02: the reference solution under each named fault shows what the README says")
class Lab02FaultsTest {

    private final Lab lab = LabCatalog.find(2).orElseThrow();
    private final Implementation solution = new Implementations(WorkshopHome.current()).solution(lab);

    @Test
    @DisplayName("Every named fault of Lab 02 is one this test knows what to expect of")
    void everyFaultIsCovered() {
        assertThat(LabFaults.of(lab).stream().map(NamedFault::name).toList())
                .containsExactlyInAnyOrder("crash-between-setnx-and-expire", "holder-pause-longer-than-ttl");
    }

    @Test
    @DisplayName("crash-between-setnx-and-expire: 1 seat sold, 899 told taken, the killed node's 100 buyers unanswered")
    void aKilledHolderCostsOnlyItsOwnBuyers() throws Exception {
        RaceResult result = raceWith("crash-between-setnx-and-expire");
        AuditReport audit = result.audit();

        assertThat(result.fault().fired()).as("the kill landed: %s", result.fault()).isTrue();
        assertThat(List.of(audit.sold(), audit.oversold(), audit.chargedWithoutSeat(), audit.booked(),
                audit.taken(), audit.failed(), audit.unanswered()))
                .as("sold, oversold, charged without a seat, booked, taken, failed, unanswered")
                .containsExactly(1, 0, 0, 1, 899, 0, 100);
    }

    @Test
    @DisplayName("holder-pause-longer-than-ttl: 1 seat sold, none twice, and the frozen buyer charged without a seat")
    void aFrozenHolderConfirmsNothingButHasCharged() throws Exception {
        RaceResult result = raceWith("holder-pause-longer-than-ttl");
        AuditReport audit = result.audit();

        assertThat(result.fault().fired()).as("the pause landed: %s", result.fault()).isTrue();
        assertThat(List.of(audit.sold(), audit.oversold(), audit.chargedWithoutSeat(), audit.booked(),
                audit.unanswered()))
                .as("sold, oversold, charged without a seat, booked, unanswered")
                .containsExactly(1, 0, 1, 1, 0);
        // Buyers of the frozen node whose grants came while it slept fail too; how many depends on the queue's order.
        assertThat(audit.failed()).as("failed").isBetween(1, 100);
        assertThat(audit.failureReasons()).as("why buyers failed")
                .allSatisfy(reason -> assertThat(reason).contains("lost the lock of A1", "the seat was not confirmed"));
    }

    private RaceResult raceWith(String faultName) throws Exception {
        NamedFault fault = LabFaults.of(lab).stream().filter(named -> named.name().equals(faultName)).findFirst()
                .orElseThrow();
        try (GraderLockServer server = GraderLockServer.withRealClock()) {
            return Race.run(RaceSetup.of(solution).buyers(1000).nodes(10).seats(1).services(server.services())
                    .fault(fault.fault()));
        }
    }
}
