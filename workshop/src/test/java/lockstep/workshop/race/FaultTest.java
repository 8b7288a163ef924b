package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;

import lockstep.workshop.testlabs.TestLabs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A race's fault")
class FaultTest {

    @Test
    @DisplayName("kills the node process of the first buyer to reach the point, exactly there")
    void killsTheFirstBuyerAtThePoint() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(60).nodes(3).seats(1).fault(Fault.killAt("charging")));

        assertThat(result.setup().processes()).as("a fault makes the nodes processes").isTrue();
        assertThat(result.fault().fired()).isTrue();
        // Only the buyer who claimed the seat charges, and it died before paying: the seat is
        // claimed in the database, but nobody holds a confirmation and nobody paid.
        assertThat(result.audit().sold()).isZero();
        assertThat(result.audit().chargedWithoutSeat()).isZero();
        assertThat(result.audit().unanswered()).as("buyers of the killed node").isPositive();
        assertThat(result.toJson()).contains("\"faultFired\":true", "\"faultHit\":\"" + result.fault().node() + "\"",
                "\"faultLanding\":\"\"");
    }

    @Test
    @DisplayName("tells the race's listener once the killed process has exited, with the same report")
    void tellsTheListenerWhenItStruck() throws Exception {
        java.util.List<FaultReport> struck = new java.util.concurrent.CopyOnWriteArrayList<>();
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(30).nodes(2).seats(1).fault(Fault.killAt("charging")), new RaceListener() {
                    @Override
                    public void faultStruck(FaultReport fault) {
                        struck.add(fault);
                    }
                });

        assertThat(struck).containsExactly(result.fault());
    }

    @Test
    @DisplayName("pauses the node process of the first buyer at the point, then lets it finish")
    void pausesTheFirstBuyerAtThePoint() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(60).nodes(3).seats(1).fault(Fault.pauseAt("charging", java.time.Duration.ofMillis(300))));

        assertThat(result.fault().fired()).isTrue();
        assertThat(result.audit().sold()).isEqualTo(1);
        assertThat(result.audit().unanswered()).isZero();
        assertThat(result.durationMs()).as("the race lasted at least the pause").isGreaterThanOrEqualTo(300);
    }

    @Test
    @DisplayName("that pauses a node process for 1.2 s is the fault, not a freeze of the machine: the race does not pass it on")
    void aPlannedPauseIsNoFreeze() throws Exception {
        long before = System.nanoTime();
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(60).nodes(3).seats(1).fault(Fault.pauseAt("charging", java.time.Duration.ofMillis(1200))));

        assertThat(result.fault().fired()).isTrue();
        assertThat(FreezeWatch.longestSince(before).filter(freeze -> freeze.where().equals(result.fault().node())))
                .as("freezes passed on from the paused node").isEmpty();
    }

    @Test
    @DisplayName("aimed at a step lands on any finer point of that step")
    void aimedAtAStep() {
        var grantedBySetnx = lockstep.workshop.booking.StepEvent.now("node-01", "ann",
                lockstep.workshop.booking.Step.LOCK_GRANTED, "setnx-granted", "A1");

        assertThat(Fault.landsOn("lock-granted", grantedBySetnx)).isTrue();
        assertThat(Fault.landsOn("setnx-granted", grantedBySetnx)).isTrue();
        assertThat(Fault.landsOn("charging", grantedBySetnx)).isFalse();
    }

    @Test
    @DisplayName("that no buyer reaches is reported as never fired, so nobody mistakes it for a pass")
    void aFaultNobodyReaches() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(20).nodes(2).seats(1).fault(Fault.killAt("lock-granted")));

        assertThat(result.fault().fired()).isFalse();
        assertThat(result.fault().toString()).isEqualTo("kill at lock-granted: never reached");
        assertThat(result.audit().unanswered()).isZero();
    }

    @Test
    @DisplayName("that holds the first payer lets another process's buyer of the same seat in, so a JVM lock oversells every time")
    void aHoldPutsAnotherProcessInsideTheCriticalSection() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.JvmLock.class))
                .buyers(40).nodes(2).seats(1).fault(Fault.holdAt("charging")));

        assertThat(result.fault().fired()).isTrue();
        assertThat(result.audit().oversold()).isPositive();
        assertThat(RaceVerdict.of(result).label()).isEqualTo("OVERSOLD");
    }

    @Test
    @DisplayName("that holds the first payer lets it go on when another process waits for its row lock, and excuses nothing")
    void aHoldEndsWhenSomeoneWaitsForTheHoldersRowLock() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.RowLock.class))
                .buyers(40).nodes(2).seats(1).fault(Fault.holdAt("charging")));

        assertThat(result.fault().fired()).isTrue();
        assertThat(result.audit().sold()).isEqualTo(1);
        assertThat(result.audit().oversold()).isZero();
        assertThat(result.audit().unanswered()).isZero();
        assertThat(RaceVerdict.of(result).correct()).as("%s", RaceVerdict.of(result)).isTrue();
    }
}
