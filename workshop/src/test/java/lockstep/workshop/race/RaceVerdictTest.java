package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.StaleWrites;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.testlabs.TestLabs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A race's verdict names the rule that broke")
class RaceVerdictTest {

    private static final Implementation CODE = TestLabs.code(TestLabs.ConditionalUpdate.class);

    @Test
    @DisplayName("Buyers told 'failed' make a race wrong, even when no seat was oversold")
    void failedBuyersAreWrong() {
        RaceVerdict verdict = verdictOf(audit(1, 0, 0, 1, 153, 846, Map.of("node-01", 846)), null);

        assertThat(verdict.correct()).isFalse();
        assertThat(verdict.label()).isEqualTo("WRONG");
        assertThat(verdict.sentence()).contains("846 of 1000 buyers were told 'failed'").contains("'taken'");
    }

    @Test
    @DisplayName("A ticket nobody paid for makes a race wrong")
    void bookedWithoutChargeIsWrong() {
        RaceVerdict verdict = verdictOf(audit(1, 0, 1, 1, 999, 0, Map.of()), null);

        assertThat(verdict.correct()).isFalse();
        assertThat(verdict.sentence()).contains("got a ticket without paying");
    }

    @Test
    @DisplayName("Failures on the node a pause hit are excused; elsewhere they are not")
    void aPausedNodeMayGiveUp() {
        FaultReport paused = new FaultReport(Fault.pauseAt("charging", Duration.ofSeconds(5)), true, "node-02",
                "buyer-0001", 1);

        assertThat(verdictOf(audit(1, 0, 0, 1, 998, 1, Map.of("node-02", 1)), paused).correct()).isTrue();
        assertThat(verdictOf(audit(1, 0, 0, 1, 998, 1, Map.of("node-03", 1)), paused).correct()).isFalse();
    }

    @Test
    @DisplayName("A fault of the lock service excuses as many failed buyers as it may cost, on any node; more is LOST")
    void aFaultOfTheLockServiceMayCostABoundedNumber() {
        FaultReport leaderStopped = new FaultReport(Fault.stopLeaderAt("seat-checked").losingAtMost(1), true,
                "node-04", "buyer-0001", 1, "member 2 (127.0.0.1:2183), the leader, stopped");

        RaceVerdict withinBound = verdictOf(audit(1, 0, 0, 1, 998, 1, Map.of("node-07", 1)), leaderStopped);
        RaceVerdict pastBound = verdictOf(audit(1, 0, 0, 1, 920, 79, Map.of("node-07", 40, "node-04", 39)),
                leaderStopped);

        assertThat(withinBound.correct()).isTrue();
        assertThat(withinBound.sentence()).contains("1 buyer lost to the fault");
        assertThat(pastBound.label()).isEqualTo("LOST");
        assertThat(pastBound.sentence()).contains("79 of 1000 buyers were told 'failed' through the fault",
                "at most 1");
    }

    @Test
    @DisplayName("A fault of the lock service that could not land makes the race inconclusive, and says why")
    void aFaultOfTheLockServiceThatCouldNotLand() {
        FaultReport couldNotLand = new FaultReport(Fault.stopLeaderAt("seat-checked"), false, "node-01", "buyer-0001",
                1, "could not land: a standalone server has no leader");

        RaceVerdict verdict = verdictOf(audit(1, 0, 0, 1, 999, 0, Map.of()), couldNotLand);

        assertThat(verdict.label()).isEqualTo("INCONCLUSIVE");
        assertThat(verdict.sentence()).contains("could not land: a standalone server has no leader");
    }

    @Test
    @DisplayName("A Redis fault that met a lock it could not test did not strike: the race is inconclusive, and says why")
    void aRedisFaultThatMissedItsPoint() {
        Fault restart = Fault.strikeRedisAt("charging", new RedisStrike(List.of(), RedisStrike.A_SERVER_OF_THE_LOCK,
                RedisStrike.Kind.RESTART_EMPTY), Duration.ofSeconds(3));
        FaultReport missed = new FaultReport(restart, false, "node-01", "buyer-0001", 1,
                "found that seat-A1's lock was on servers 2, 3 and 4 (3 of 5), a bare majority");

        RaceVerdict verdict = verdictOf(audit(1, 0, 0, 1, 999, 0, Map.of()), missed);

        assertThat(missed.missedItsPoint()).isTrue();
        assertThat(FaultReport.notFired(restart).missedItsPoint()).isFalse();
        assertThat(missed.toString()).isEqualTo("one of the lock's Redis servers restarts empty at charging: did not"
                + " strike: it found that seat-A1's lock was on servers 2, 3 and 4 (3 of 5), a bare majority");
        assertThat(verdict.label()).isEqualTo("INCONCLUSIVE");
        assertThat(verdict.sentence()).contains("(3 of 5), a bare majority");
    }

    @Test
    @DisplayName("A fault that never struck makes the race inconclusive")
    void aFaultThatNeverStruck() {
        FaultReport missed = FaultReport.notFired(Fault.killAt("lock-granted"));

        assertThat(verdictOf(audit(1, 0, 0, 1, 999, 0, Map.of()), missed).label()).isEqualTo("INCONCLUSIVE");
    }

    @Test
    @DisplayName("A stale write a fenced resource accepted makes a race STALE, before anything else it broke")
    void aStaleWriteAcceptedComesFirst() {
        StaleWrites stale = new StaleWrites(4, 1, 0, List.of("buyer-0059's charge of A1 (no fencing token)"));

        RaceVerdict verdict = verdictOf(audit(2, 1, 0, 2, 998, 0, Map.of(), stale), null);

        assertThat(verdict.label()).isEqualTo("STALE");
        assertThat(verdict.sentence()).startsWith("1 stale write was accepted (buyer-0059's charge of A1 (no fencing"
                + " token))");
    }

    @Test
    @DisplayName("A pause after which nothing stale reached a fenced resource makes the race inconclusive")
    void aPauseThatNeverTestedTheFence() {
        FaultReport paused = new FaultReport(Fault.pauseAt("charging", Duration.ofSeconds(10)), true, "node-02",
                "buyer-0001", 1);
        StaleWrites untested = new StaleWrites(2, 0, 0, List.of());
        StaleWrites refused = new StaleWrites(3, 0, 1, List.of());

        assertThat(verdictOf(audit(1, 0, 0, 1, 999, 0, Map.of(), untested), paused).label()).isEqualTo("INCONCLUSIVE");
        RaceVerdict tested = verdictOf(audit(1, 0, 0, 1, 998, 1, Map.of("node-02", 1), refused), paused);
        assertThat(tested.label()).isEqualTo("CORRECT");
        assertThat(tested.sentence()).endsWith("The resources refused 1 stale write.");
    }

    private static RaceVerdict verdictOf(AuditReport audit, FaultReport fault) {
        RaceSetup setup = RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1);
        return new RaceResult(setup, audit, 100, fault).verdict();
    }

    private static AuditReport audit(int sold, int oversold, int bookedWithoutCharge, int booked, int taken,
                                     int failed, Map<String, Integer> failedPerNode) {
        return audit(sold, oversold, bookedWithoutCharge, booked, taken, failed, failedPerNode, StaleWrites.NONE);
    }

    private static AuditReport audit(int sold, int oversold, int bookedWithoutCharge, int booked, int taken,
                                     int failed, Map<String, Integer> failedPerNode, StaleWrites stale) {
        Map<String, List<String>> buyersPerSeat = oversold == 0 ? Map.of() : Map.of("A1", List.of("a", "b"));
        return new AuditReport(1, sold, oversold, 0, bookedWithoutCharge, 0, 0, 1000, booked, taken, failed,
                buyersPerSeat, List.of(), List.of("buyer-0001"), List.of(), List.of("gave up"), failedPerNode, stale);
    }
}
