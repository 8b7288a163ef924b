package lockstep.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.History;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.race.LabFaults;
import lockstep.workshop.race.NamedFault;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.redis.RedisPersistence;
import lockstep.workshop.redis.RedisServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What Lab 07's README says the reference solution shows under each named fault is what it shows: the same race as
 * {@code ./lockstep race --lab 07 --impl solution --fault NAME} (1,000 buyers, 10 node processes, 1 seat, five Redis
 * servers of its own, keeping on disk what the fault needs), judged on the seat database and on the pairs of buyers who
 * held the lock at once. Whether the second holder also sells the seat before the first confirms depends on timing;
 * the double grant does not.
 */
@DisplayName("Lab 07: the reference solution under each named fault shows what the README says")
class Lab07FaultsTest {

    /** Lab 07's time to live for every key (its seam's {@code Lab07.TTL}). */
    private static final Duration TTL = Duration.ofSeconds(5);

    /** How many races at most a fault may take to meet a lock it can test. */
    private static final int RACES = 3;

    private final Lab lab = LabCatalog.find(7).orElseThrow();
    private final Implementation solution = new Implementations(WorkshopHome.current()).solution(lab);

    @Test
    @DisplayName("Every named fault of Lab 07 is one this test knows what to expect of")
    void everyFaultIsCovered() {
        assertThat(LabFaults.of(lab).stream().map(NamedFault::name).toList()).containsExactlyInAnyOrder(
                "one-server-restarts-empty", "holder-pause-past-validity", "restart-without-persistence",
                "restart-from-fsynced-file", "clock-jump");
    }

    @Test
    @DisplayName("one-server-restarts-empty: a holder on 4 or 5 servers keeps a majority, and A1 is sold once; a bare 3 is not struck")
    void oneServerRestartingEmptyIsSurvived() throws Exception {
        RaceResult result = raceWith("one-server-restarts-empty");

        if (result.fault().missedItsPoint()) {
            // Three races in a row, each first holder on a bare 3 of 5: the fault must say so and prove nothing.
            assertThat(result.fault().landing()).contains("(3 of 5)", "a bare majority", "did not strike");
            assertThat(result.verdict().label()).as("the verdict, %s", result.verdict()).isEqualTo("INCONCLUSIVE");
        } else {
            assertThat(result.fault().fired()).as("the restart landed: %s", result.fault()).isTrue();
            assertThat(result.fault().landing()).as("where the lock was").containsAnyOf("(4 of 5)", "(5 of 5)");
            assertThat(overlapsWhileTheStruckHoldersKeysLived(result))
                    .as("pairs of buyers holding A1's lock at once, while the struck holder's keys lived").isEmpty();
            assertThat(result.audit().sold()).as("sold").isEqualTo(1);
            assertThat(result.audit().oversold()).as("oversold").isZero();
        }
    }

    @Test
    @DisplayName("holder-pause-past-validity: two holders at once, A1 sold once, the frozen buyer charged without a seat")
    void aFrozenHolderWritesAfterTheLockPassedOn() throws Exception {
        RaceResult result = raceWith("holder-pause-past-validity");
        AuditReport audit = result.audit();

        assertThat(result.fault().fired()).as("the pause landed: %s", result.fault()).isTrue();
        assertThat(result.history().overlaps()).as("pairs of buyers holding A1's lock at once").isNotEmpty();
        assertThat(audit.oversold()).as("oversold").isZero();
        assertThat(audit.chargedWithoutSeat()).as("charged without a seat").isEqualTo(1);
    }

    @Test
    @DisplayName("restart-without-persistence: a second buyer wins a majority while the first holds one")
    void aServerRestartingEmptyGrantsTheLockAgain() throws Exception {
        RaceResult result = raceWith("restart-without-persistence");

        assertThat(result.fault().fired()).as("the restart landed: %s", result.fault()).isTrue();
        assertThat(result.history().overlaps()).as("pairs of buyers holding A1's lock at once").isNotEmpty();
    }

    @Test
    @DisplayName("restart-from-fsynced-file: the restarted server keeps the lock, and A1 is sold once")
    void aServerRestartingFromItsFileKeepsTheLock() throws Exception {
        RaceResult result = raceWith("restart-from-fsynced-file");

        assertThat(result.fault().fired()).as("the restart landed: %s", result.fault()).isTrue();
        assertThat(result.audit().sold()).as("sold").isEqualTo(1);
        assertThat(result.audit().oversold()).as("oversold").isZero();
    }

    @Test
    @DisplayName("clock-jump: a second buyer wins a majority while the first holds one")
    void aClockJumpGrantsTheLockAgain() throws Exception {
        RaceResult result = raceWith("clock-jump");

        assertThat(result.fault().fired()).as("the jump landed: %s", result.fault()).isTrue();
        assertThat(result.history().overlaps()).as("pairs of buyers holding A1's lock at once").isNotEmpty();
    }

    /**
     * The pairs of holders at once that began while the struck holder's keys still lived on its servers: within the
     * lab's time to live ({@link #TTL}) of its grant. A strike that takes seconds (restarting a server as ten node JVMs
     * warm up took up to 6 s here) can hold the holder past that; a buyer who then wins the expired keys shows the
     * lease running out, as in holder-pause-past-validity, not a majority lost to the restart.
     */
    private static List<History.Overlap> overlapsWhileTheStruckHoldersKeysLived(RaceResult result) {
        long granted = result.history().events().stream()
                .filter(event -> event.step() == Step.LOCK_GRANTED && event.buyer().equals(result.fault().buyer()))
                .mapToLong(StepEvent::nanoTime).min()
                .orElseThrow(() -> new AssertionError("the struck holder " + result.fault().buyer() + " has no grant"
                        + " in the race's history"));
        return result.history().overlaps().stream()
                .filter(overlap -> overlap.fromNanos() - granted < TTL.toNanos()).toList();
    }

    /**
     * The race under {@code faultName}, raced again (at most {@value #RACES} races in all) while the fault meets a lock it
     * cannot test, and does not strike: a holder that won a bare 3 of 5 servers, for the fault about one server's loss.
     * Here that was the first holder in about half of the races.
     */
    private RaceResult raceWith(String faultName) throws Exception {
        RaceResult result = raceOnceWith(faultName);
        for (int race = 2; race <= RACES && result.fault().missedItsPoint(); race++) {
            System.out.println("Lab 07, " + faultName + ": " + result.fault() + ". Racing again (" + race + " of "
                    + RACES + ").");
            result = raceOnceWith(faultName);
        }
        return result;
    }

    private RaceResult raceOnceWith(String faultName) throws Exception {
        NamedFault fault = LabFaults.named(lab, faultName);
        RedisPersistence persistence = fault.fault().redis() == null ? RedisPersistence.NONE
                : fault.fault().redis().persistence();
        try (RedisServers redis = RedisServers.of(5).persistence(persistence).start()) {
            return Race.run(RaceSetup.of(solution).buyers(1000).nodes(10).seats(1)
                    .services(Services.redis(redis.addresses())).redisServers(redis).fault(fault.fault()));
        }
    }
}
