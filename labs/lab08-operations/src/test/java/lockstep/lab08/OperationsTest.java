package lockstep.lab08;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import lockstep.workshop.grading.Grader;
import lockstep.workshop.grading.HintedFailure;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.race.FaultReport;
import lockstep.workshop.race.LabFaults;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.LockHolder;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The grader of Lab 08. Part one races buyers for A1 on a three-member ensemble that the grader owns, and stops its
 * servers under the first holder: the leader, or two of three for longer than a session. It judges at the resources
 * (the audit: sold once, nobody charged without a seat) and at the lock service (no lock node left), and counts the
 * buyers told "failed". Part two stages a hung holder step by step ({@link HungJob}) and breaks the glass, with
 * ZooKeeper up and with it down; it judges what the seat database took and refused, what is left in the lock's
 * folder, and the break-glass's log. A fault that did not land makes a check fail with what happened instead, never
 * pass.
 */
@Grader
@DisplayName("Lab 08 · Operating the lock service")
class OperationsTest {

    private static final Implementation CODE = Implementation.of(Lab08.class);
    /** A race big enough to keep a line of waiters behind the holder when the fault strikes. */
    private static final int BUYERS = 200;
    private static final int NODES = 4;

    private static EmbeddedZooKeeper ensemble;

    @AfterAll
    static void stopEnsemble() {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    @Nested
    @Tag("task:1")
    @DisplayName("1. Keep the session and the line through an outage")
    class ThroughAnOutage {

        @Test
        @DisplayName("200 buyers for A1 on 4 nodes; two of three servers stop for 12 s just after the first grant: A1 is sold once, no lock node is left, at most 1 buyer is told 'failed'")
        void quorumLost() throws Exception {
            RaceResult race = race("stop-quorum");

            assertRodeThrough(race, 1, "Two of the three servers stopped for 12 s, longer than any session: every"
                    + " session ended, and every call in flight met a lost connection.");
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Wait out SUSPENDED")
    class WaitOutSuspended {

        @Test
        @DisplayName("200 buyers for A1 on 4 nodes; the leader stops while the first to pay holds the lock: A1 is sold once, at most 1 buyer is told 'failed'")
        void leaderStops() throws Exception {
            RaceResult race = race("stop-leader");

            assertRodeThrough(race, 2, "The leader stopped while the holder was paying: every client was cut off"
                    + " (SUSPENDED) for the election, then reconnected in the same session, its lock node kept.");
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Break the glass without waiting on the lock")
    class BreakTheGlass {

        @Test
        @DisplayName("The break-glass returns while the seat-map job still holds A1's lock, and queues no lock node of its own")
        void doesNotWaitOnTheLock(TestReporter report) throws Exception {
            try (HungJob incident = HungJob.start(CODE, true)) {
                HungJob.Repair repair = incident.breakGlass();

                assertReturned(repair, "the seat-map job holds A1's lock and hangs, alive; Bob waits behind it", 3);
                report.publishEntry("repair", "the break-glass took " + repair.tookMillis() + " ms, ZooKeeper up");
                if (repair.queueChanges() > 1) {
                    throw HintedFailure.pointingAt(3, "The break-glass returned, but while it ran A1's lock folder"
                            + " changed " + repair.queueChanges() + " times (a lock node made or removed each time):"
                            + " it queued a lock node of its own behind the hung job, that is it asked for the very"
                            + " lock it is there to repair. The job never lets go; the only change a repair makes in"
                            + " the folder is removing the job's node.");
                }
            }
        }

        @Test
        @DisplayName("The hung job's late write is refused once the glass is broken, and A1 stays sold to Bob")
        void lateWriteRefused() throws Exception {
            try (HungJob incident = HungJob.start(CODE, true)) {
                long jobToken = incident.jobToken();
                assertReturned(incident.breakGlass(), "the seat-map job showed token " + jobToken + " to the seat"
                        + " database and hangs", 3);
                boolean taken = incident.jobWritesAgain();

                if (taken) {
                    throw HintedFailure.pointingAt(3, "After the glass was broken, the seat-map job woke and sent its"
                            + " late write (A1 is free) with its token " + jobToken + ", and the seat database took it:"
                            + " the fence still stood at the job's own token, as the job's. Removing the job's lock"
                            + " node frees the line, but the job does not know and goes on writing. Move the fence"
                            + " onto that token as a holder nobody else is, and an equal token from the job is"
                            + " refused.");
                }
            }
        }

        @Test
        @DisplayName("A job that took the lock and hung before its first write is refused too")
        void silentHolderRefused() throws Exception {
            try (HungJob incident = HungJob.start(CODE, false)) {
                long jobToken = incident.jobToken();
                assertReturned(incident.breakGlass(), "the seat-map job took A1's lock (token " + jobToken + ") and"
                        + " hung before it wrote anything", 3);
                boolean taken = incident.jobWritesAgain();

                if (taken) {
                    throw HintedFailure.pointingAt(3, "The seat-map job took A1's lock with token " + jobToken + ","
                            + " hung before its first write, and woke after the glass was broken: the seat database"
                            + " took its write. The resources had never seen that token, so a fence moved onto the"
                            + " highest token they know stands below it. The newest token there is may be the one of"
                            + " the lock node at the head of the queue: its creation zxid.");
                }
            }
        }

        @Test
        @DisplayName("Bob, who waited behind the job, gets A1's lock, and his charge and confirmation are taken")
        void nextBuyerSells() throws Exception {
            try (HungJob incident = HungJob.start(CODE, true)) {
                long jobToken = incident.jobToken();
                assertReturned(incident.breakGlass(), "the seat-map job holds A1's lock (token " + jobToken + ") and"
                        + " hangs; Bob waits behind it", 3);
                HungJob.Grant grant = incident.bobsGrant();
                if (!grant.granted()) {
                    throw HintedFailure.pointingAt(3, "After the break-glass returned, Bob, first in line behind the"
                            + " hung job, was still not granted A1's lock. Lock nodes in A1's folder: "
                            + incident.lockNodes() + ". Each waiter watches the node before it: the job's node must"
                            + " go.");
                }
                HungJob.Sale sale = incident.bobBuys();

                if (!sale.charged() || !sale.confirmed()) {
                    throw HintedFailure.pointingAt(3, "Bob got A1's lock after the glass was broken, with token "
                            + grant.token().getAsLong() + " (the job's was " + jobToken + "), but the "
                            + (sale.charged() ? "seat database refused his confirmation" : "payment provider refused"
                            + " his charge") + ". The fence must stand at the job's token, not past it: the first"
                            + " waiter behind the job may carry exactly the next token.");
                }
                assertThat(incident.soldTo()).as("who A1 is sold to").isEqualTo(HungJob.BOB.id());
                assertThat(incident.jobWritesAgain())
                        .withFailMessage("The hung job woke after Bob bought A1 and its late write (A1 is free) was"
                                + " taken: A1 is on sale again though Bob holds a ticket for it.")
                        .isFalse();
            }
        }

        @Test
        @DisplayName("The break-glass moves the fence before it frees the queue: while the fence cannot move, the job's lock node stays")
        void fencesBeforeFreeing(TestReporter report) throws Exception {
            try (HungJob incident = HungJob.start(CODE, true)) {
                long jobToken = incident.jobToken();
                HungJob.OrderedRepair ordered = incident.breakGlassWithTheFenceHeld();

                assertReturned(ordered.repair(), "the seat-map job holds A1's lock (token " + jobToken + ") and"
                        + " hangs, and the check held A1's fence rows for a moment", 3);
                if (ordered.firstStep() == HungJob.FirstStep.QUEUE) {
                    throw HintedFailure.pointingAt(3, "The check held A1's fence rows, so that no fence could move,"
                            + " and broke the glass: the job's lock node was removed while the fence still stood at"
                            + " the job's token " + jobToken + ", as the job's. Until the fence moves, the job's late"
                            + " write is taken, and Bob, granted at once, may write before the fence moves onto his"
                            + " token as another holder, and then be refused. Move the fences and commit; only then"
                            + " remove the node.");
                }
                assertThat(ordered.firstStep())
                        .withFailMessage("Inconclusive: with A1's fence rows held by the check, the break-glass"
                                + " neither waited for them nor removed the job's lock node before it %s.",
                                ordered.repair().returned() ? "returned" : "ran out of time")
                        .isEqualTo(HungJob.FirstStep.FENCE);
                report.publishEntry("order", "the break-glass waited for A1's fence rows while the job's lock node"
                        + " was still there");
            }
        }

        @Test
        @DisplayName("The glass remembers who broke it, why, when, and at which token")
        void glassRemembers() throws Exception {
            try (HungJob incident = HungJob.start(CODE, true)) {
                HungJob.Repair repair = incident.breakGlass();
                assertReturned(repair, "the seat-map job holds A1's lock and hangs", 3);
                List<GlassBroken> rows = incident.glassBroken();

                if (rows.size() != 1) {
                    throw HintedFailure.pointingAt(3, "One break-glass on A1 left " + rows.size() + " rows in"
                            + " glass_broken: " + rows + ". Operators must be able to tell afterwards who broke the"
                            + " glass, when and why: one row, in the transaction that moves the fences.");
                }
                GlassBroken row = rows.get(0);
                assertThat(row.seat()).as("the seat of the row").isEqualTo(HungJob.SEAT);
                assertThat(row.operator()).as("the operator of the row").isEqualTo(HungJob.OPERATOR);
                assertThat(row.reason()).as("the reason of the row").isEqualTo(HungJob.REASON);
                assertThat(row.token()).as("the token of the row, and the token the break-glass said it fenced at")
                        .isEqualTo(repair.reopening().fencedAt());
                assertThat(row.brokenAtMillis()).as("broken_at, in milliseconds since 1970, during the call")
                        .isBetween(repair.startedAtMillis(), repair.endedAtMillis());
            }
        }
    }

    @Nested
    @Tag("task:4")
    @DisplayName("4. Break the glass with ZooKeeper down")
    class WithZooKeeperDown {

        @Test
        @DisplayName("With the ZooKeeper server stopped, the break-glass returns, says the queue is not free, and the hung job's late write is refused")
        void fencesWithoutZooKeeper(TestReporter report) throws Exception {
            try (HungJob incident = HungJob.start(CODE, true)) {
                long jobToken = incident.jobToken();
                incident.stopZooKeeper();
                HungJob.Repair repair = incident.breakGlass();

                assertReturned(repair, "the seat-map job holds A1's lock (token " + jobToken + ") and hangs, and the"
                        + " ZooKeeper server is stopped", 4);
                report.publishEntry("repair", "the break-glass took " + repair.tookMillis() + " ms, ZooKeeper down");
                if (repair.reopening().queueFreed()) {
                    throw HintedFailure.pointingAt(4, "With ZooKeeper stopped, the break-glass said: \""
                            + repair.reopening().inWords() + "\". Nobody could have removed the job's lock node; the"
                            + " operator must hear that, and run the break-glass again once ZooKeeper serves.");
                }
                if (incident.jobWritesAgain()) {
                    throw HintedFailure.pointingAt(4, "With ZooKeeper stopped, the break-glass returned ("
                            + repair.reopening().inWords() + "), then the seat-map job woke and the seat database"
                            + " took its late write, with token " + jobToken + ". The fence lives in the seat"
                            + " database, which still answers: fence with the highest token it knows, without"
                            + " waiting for ZooKeeper.");
                }
            }
        }

        @Test
        @DisplayName("Once ZooKeeper serves again, a second break-glass frees the queue: Bob gets A1 and buys it")
        void secondBreakFreesTheQueue() throws Exception {
            try (HungJob incident = HungJob.start(CODE, true)) {
                incident.stopZooKeeper();
                assertReturned(incident.breakGlass(), "the ZooKeeper server is stopped", 4);
                incident.restartZooKeeper();
                HungJob.Repair again = incident.breakGlass();

                assertReturned(again, "ZooKeeper serves again; the job still hangs", 4);
                HungJob.Grant grant = incident.bobsGrant();
                if (!again.reopening().queueFreed() || !grant.granted()) {
                    throw HintedFailure.pointingAt(4, "ZooKeeper was stopped during the first break-glass and serves"
                            + " again; the second break-glass said \"" + again.reopening().inWords()
                            + "\", and Bob was "
                            + (grant.granted() ? "" : "not ") + "granted A1's lock. Lock nodes in A1's folder: "
                            + incident.lockNodes() + ". Breaking the glass again must finish the job.");
                }
                HungJob.Sale sale = incident.bobBuys();
                assertThat(sale.charged() && sale.confirmed())
                        .withFailMessage("Bob got A1's lock after the second break-glass, but his %s refused.",
                                sale.charged() ? "confirmation was" : "charge was")
                        .isTrue();
            }
        }
    }

    private static void assertReturned(HungJob.Repair repair, String situation, int task) {
        if (repair.failure() != null) {
            throw HintedFailure.pointingAt(task, "The break-glass threw " + repair.failure() + " when " + situation
                    + ". An operator's tool must do what it can and say what it could not.");
        }
        if (!repair.returned()) {
            throw HintedFailure.pointingAt(task, "The break-glass had not returned " + repair.tookMillis()
                    + " ms after it was called, when " + situation + ". Something in it"
                    + " waits: on the seat's lock, which the hung job never lets go, or on ZooKeeper with no bound.");
        }
    }

    private static RaceResult race(String faultName) throws Exception {
        if (ensemble == null) {
            ensemble = EmbeddedZooKeeper.ensemble(3).start();
        }
        return Race.run(RaceSetup.of(CODE).buyers(BUYERS).nodes(NODES).seats(1)
                .services(new Services(ensemble.connectString(), null)).ensemble(ensemble)
                .fault(LabFaults.named(CODE.lab(), faultName).fault()));
    }

    private static void assertRodeThrough(RaceResult race, int task, String what) throws Exception {
        FaultReport fault = race.fault();
        if (fault == null || !fault.fired()) {
            fail("The fault did not strike (%s), so this race says nothing about it: %s", fault, race.verdict());
        }
        if (!race.verdict().correct()) {
            throw HintedFailure.pointingAt(task, what + " Here: " + fault.landing() + ". " + race.verdict() + " In all, "
                    + race.audit().failed() + " of " + BUYERS + " buyers were told 'failed' (at most "
                    + fault.fault().mayLose() + " may be)" + (race.audit().failed() == 0 ? "." : "; why: "
                    + race.audit().failureReasons()));
        }
        try (ZooKeeper observer = ZooKeeperConnections.zooKeeper(ensemble.connectString(),
                Timing.survivingSession(), event -> { })) {
            assertThat(LockHolder.of(observer, CODE.lab().lockName(HungJob.SEAT)))
                    .withFailMessage("%s After the race a lock node was left in A1's folder: %s", what,
                            LockHolder.of(observer, CODE.lab().lockName(HungJob.SEAT)))
                    .isEmpty();
        }
    }
}
