package lockstep.lab04;

import static lockstep.lab04.WaiterInTheMiddle.waitsInLine;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lockstep.lab04.WaiterInTheMiddle.Leave;
import lockstep.lab04.WaiterInTheMiddle.Queue;
import lockstep.workshop.faults.FaultSession;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.grading.DisconnectWhileWorking;
import lockstep.workshop.grading.ExpiryWhileWorking;
import lockstep.workshop.grading.Grader;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.HerdContender;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.KilledHolder;
import lockstep.workshop.grading.LockCall;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.LostCreate;
import lockstep.workshop.grading.LostLockVerdict;
import lockstep.workshop.grading.QueueRecorder;
import lockstep.workshop.grading.RaceWithoutFaults;
import lockstep.workshop.grading.Sessions;
import lockstep.workshop.grading.StallHints;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.grading.WaitWithoutPolling;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.zookeeper.HerdMeasurement;
import lockstep.workshop.zookeeper.NodeSession;
import lockstep.workshop.zookeeper.ZNodes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The grader of Lab 04. It starts its own ZooKeeper on a free port (never 2181, so a server you
 * started by hand is left alone), and reaches your lock only through the lab's seam. Checks that need
 * a particular order of events get it from the watches the grader sees each session set, and from
 * faults placed at a named call: a create or delete whose request or answer is lost, a look that is
 * lost, a session expired on the server, a connection cut, a process killed. Every check ends by
 * looking for znodes left in the queue.
 */
@Grader
@DisplayName("Lab 04 · The lock recipe: a queue of znodes")
class QueueLockTest {

    private static final Implementation CODE = Implementation.of(Lab04.class);
    /** The learner's lock, reached only through the lab's seam. */
    private static final LockSeam<NodeSession> SEAM = LockSeam.of(CODE, NodeSession.class);
    /** The folder of every seat's queue, as the lab's spec says: {@code /lockstep/lab04}. */
    private static final String LOCKS = SEAM.spec().lockRoot();
    /** Seat A1's queue: {@code /lockstep/lab04/A1}. */
    private static final String A1 = SEAM.lockName("A1");
    /** How long a buyer may wait in a check where nothing should keep him waiting long: far longer than any needs. */
    static final Duration WAIT = Timing.forRace();
    /**
     * What a stalled race points at: a znode left in the queue that nobody holds by the history is a buyer who left
     * without deleting it (task 4); waiters asleep while the queue is empty were never woken (task 2).
     */
    private static final StallHints STALLS = new StallHints(4, "A znode that outlives its buyer blocks everyone behind"
            + " it: does release() delete your znode, and does a buyer who stops waiting leave the queue?", 2, "The queue"
            + " is empty, yet the buyers sleep: a waiter must be woken by a watch that fires when the znode before it"
            + " goes.");
    /** At most this many watch notifications per handoff: one for the next in line, and a margin for a rare extra. */
    private static final double MOST_NOTIFICATIONS_PER_HANDOFF = 1.2;
    /** Lab 03's herd, measured with its reference solution (BENCHMARKS.md): notifications per handoff with 8 and 32 buyers. */
    private static final String LAB_03_HERD = "7.9 with 8 buyers and 30.8 with 32";

    /** What task 4's checks say when Alice's lock did not tell her it was lost: the session's news would have. */
    private static final LostLockVerdict LOST_LOCK = new LostLockVerdict(Lab04.SESSION_TIMEOUT, "her znode", "",
            "her znode", "", "its news and every watcher",
            "Alice's session expired after she paid, so ZooKeeper deleted her znode and Bob, next in line, bought A1."
                    + " Alice's node then confirmed A1 as well: her lock still said isHeld(). The session's news"
                    + " counted the drop: a lock is held only while no drop came after the look that made it first.",
            "Alice was cut off from ZooKeeper after she paid; the server expired her session and deleted her znode,"
                    + " and Bob bought A1. Alice went on once her client had heard Disconnected, and before it could"
                    + " hear Expired: her lock still said isHeld(), and she confirmed A1 too. getState() still says"
                    + " CONNECTED for a second or more after the connection dropped; the session's news counted the"
                    + " drop.");

    /** The grader's ZooKeeper; before each check, no place is left in any queue, and A1's folder is there. */
    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.tidying(LOCKS, A1);

    /** The grader's own session: it looks at the queues and tidies them between checks. */
    private static ZooKeeper observer() {
        return zooKeeper.observer();
    }

    /** A recorder of the queues under the lab's lock root, from a session of the grader's own. */
    private static QueueRecorder recordTheQueues() throws Exception {
        return QueueRecorder.start(zooKeeper.connectString(), LOCKS, GraderZooKeeper.observerSession());
    }

    /** The sessions of one check's buyers, as the lab's nodes open theirs. */
    private static Sessions sessions() {
        return new Sessions(zooKeeper.connectString(), Lab04.SESSION_TIMEOUT);
    }

    /**
     * {@code buyer}'s lock of A1 on {@code session}, held: the buyer was alone in A1's queue (else the check is
     * inconclusive, and says so).
     */
    private static DistributedLock holding(NodeSession session, String node, String buyer) throws Exception {
        DistributedLock lock = SEAM.lock(session, node, buyer, "A1");
        assertThat(lock.acquire(Timing.forPromptEvent()))
                .withFailMessage("Inconclusive: %s, alone in A1's queue, did not get A1's lock within %d s.", buyer,
                        Timing.forPromptEvent().toSeconds())
                .isTrue();
        return lock;
    }

    @Nested
    @Tag("task:1")
    @DisplayName("1. Take a number: the lowest holds the lock")
    class TakeANumber {

        @Test
        @DisplayName("1,000 buyers on 10 nodes, 1 seat: one is sold, the others are told taken, no two hold A1's lock at once, and the lock passes in the order of the queue")
        void aThousandBuyersOnThreads() throws Exception {
            History history = new History();
            try (QueueRecorder queue = recordTheQueues()) {
                RaceResult race = STALLS.race(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1)
                        .services(zooKeeper.services()).steps(history));

                assertOneHolderAtATimeInQueueOrder(race, history, queue);
            }
        }

        @Test
        @DisplayName("1,000 buyers on 10 separate processes, 3 seats: each is sold once, no two hold a seat's lock at once, and each lock passes in the order of its queue")
        void aThousandBuyersOnProcesses() throws Exception {
            History history = new History();
            try (QueueRecorder queue = recordTheQueues()) {
                RaceResult race = STALLS.race(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(3)
                        .inProcesses().services(zooKeeper.services()).steps(history));

                assertOneHolderAtATimeInQueueOrder(race, history, queue);
            }
        }

        @Test
        @DisplayName("A znode whose name sorts last but whose number comes before Bob's is ahead of him: Bob waits for it, and gets A1 once it goes")
        void theNumberDecidesNotTheName() throws Exception {
            try (Sessions sessions = sessions()) {
                DistributedLock alice = holding(sessions.open(), "Alpha", "Alice");
                // The name sorts after any other, and its number is the next: second in line.
                String stranger = sessions.open().create(A1 + "/lock-ffffffff-ffff-ffff-ffff-ffffffffffff-",
                        "Gamma/Stranger".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.EPHEMERAL_SEQUENTIAL);
                FaultSession bobSession = sessions.open();
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                boolean bobWaitsInLine = waitsInLine(bobSession, 1, bobWaits);
                boolean bobTookItFromAlice = bobWaits.returnedTrue();
                alice.release();
                // Nothing should happen now: Bob waits for the stranger. How long to watch for it: the quiet period.
                boolean bobJumpedTheQueue = bobWaits.awaitDone(Timing.quietPeriod()) && bobWaits.returnedTrue();
                observer().delete(stranger, -1);
                boolean bobGotItAfterTheStranger = !bobJumpedTheQueue && bobWaits.awaitDone(Timing.forPromptEvent())
                        && bobWaits.returnedTrue();
                if (!bobWaits.isDone()) {
                    bobWaits.abandon();
                }
                bob.release();

                assertThat(bobTookItFromAlice)
                        .withFailMessage("Bob got A1's lock while Alice held it: two holders at once. A1's queue was"
                                + " Alice's znode, then %s, then Bob's, by the numbers ZooKeeper appended. Sort the"
                                + " queue by that number (the last ten digits): not by the whole name, and not in the"
                                + " order getChildren lists it, which is no order.", name(stranger))
                        .isFalse();
                assertThat(bobWaitsInLine)
                        .withFailMessage("Inconclusive: Bob, third in A1's queue, did not wait with a watch within %d s"
                                + " (his acquire() %s).", Timing.forPromptEvent().toSeconds(),
                                bobWaits.isDone() ? "ended: " + bobWaits.failure().map(Object::toString).orElse("false")
                                        : "set no watch")
                        .isTrue();
                assertThat(bobJumpedTheQueue)
                        .withFailMessage("Alice let go of A1, and Bob's acquire() returned at once, although %s (number"
                                + " %s) was still ahead of him in the queue: he jumped the queue. Its name sorts after"
                                + " his, but names are no order: the number ZooKeeper appends (the last ten digits) is."
                                + " And every child of the folder is a place in the queue, whatever its name.",
                                name(stranger), sequenceOf(stranger))
                        .isFalse();
                assertThat(bobGotItAfterTheStranger)
                        .withFailMessage("Bob was first in A1's queue once %s left, but he did not get the lock within"
                                + " %d s%s.", name(stranger), Timing.forPromptEvent().toSeconds(),
                                bobWaits.failure().map(failure -> ": his acquire() threw " + failure).orElse(""))
                        .isTrue();
                assertNoZnodeLeft("Alice, the stranger and Bob left A1's queue");
            }
        }

        @Test
        @DisplayName("A node killed while holding A1's lock: its session expires, the next buyer gets A1, and no znode is left")
        void aKilledHoldersLockComesBack(TestReporter report) throws Exception {
            KilledHolder.Outcome outcome = STALLS.orSayWhereItStopped(
                    () -> KilledHolder.run(CODE, zooKeeper.connectString(), observer(), Lab04.SESSION_TIMEOUT));

            outcome.assertTheLockCameBack(Lab04.SESSION_TIMEOUT, "its znode outlived the node's session (the grader"
                    + " deleted it to end the race). A znode made with CreateMode.PERSISTENT_SEQUENTIAL stays until"
                    + " someone deletes it, and a dead node deletes nothing. Make it EPHEMERAL_SEQUENTIAL: ZooKeeper"
                    + " deletes it when the session expires.", leftOver -> "these znodes were still in the queues: "
                            + leftOver + ". A place that outlives its session blocks everyone behind it.", report);
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Watch only the znode before yours")
    class WatchThePredecessor {

        /** Turns on one lock per measurement: enough for the count to settle, few enough for a busy machine. */
        private static final int ACQUISITIONS = 200;

        @Test
        @DisplayName("The herd, graded: with 8 and with 32 buyers taking turns on one lock, a release sends at most 1.2 watch notifications")
        void oneReleaseWakesOneWaiter(TestReporter report) throws Exception {
            List<String> figures = new ArrayList<>();
            for (int contenders : new int[] {8, 32}) {
                HerdMeasurement.Result result;
                try {
                    result = HerdMeasurement.measure(zooKeeper.connectString(), contenders, ACQUISITIONS,
                            HerdContender.connecting(SEAM, WAIT), Timing.forRace(), Timing.forPromptEvent());
                } catch (IllegalStateException e) {
                    throw new AssertionError("The herd could not be measured with " + contenders + " buyers taking"
                            + " turns on one lock: " + e.getMessage(), e);
                }
                double perHandoff = result.herd().perHandoff();
                figures.add(String.format(Locale.ROOT, "%d buyers: %.2f watch notifications per release, %.0f"
                        + " handoffs/s", contenders, perHandoff, result.acquisitionsPerSecond()));
                assertThat(perHandoff)
                        .withFailMessage("With %d buyers taking turns on one lock, each release sent %.1f watch"
                                + " notifications (%s). %s The recipe wakes exactly one, the next in line: each waiter"
                                + " watches only the znode just before its own, and the holder watches nothing (the"
                                + " session's news tells it of a dropped connection). Lab 03's lock sent %s.",
                                contenders, perHandoff, result.herd(), whoWokeTooMany(perHandoff, contenders),
                                LAB_03_HERD)
                        .isLessThanOrEqualTo(MOST_NOTIFICATIONS_PER_HANDOFF);
                List<String> leftOver = ZNodes.locksUnder(observer(), LOCKS).stream().map(ZNodes.Lock::path).toList();
                assertThat(leftOver)
                        .withFailMessage("After %d buyers had taken turns and closed their sessions, these znodes were"
                                + " still in the queue: %s", contenders, leftOver)
                        .isEmpty();
            }
            report.publishEntry("herd", String.join("; ", figures) + ". Lab 03's lock: " + LAB_03_HERD + ".");
        }

        @Test
        @DisplayName("While Alice holds A1's lock for 1 s, Bob waits with at most 3 reads, and gets the lock when she lets go")
        void bobWaitsWithoutPolling() throws Exception {
            try (Sessions sessions = sessions()) {
                DistributedLock alice = holding(sessions.open(), "Alpha", "Alice");
                DistributedLock bob = SEAM.lock(sessions.open(), "Beta", "Bob", "A1");
                WaitWithoutPolling.assertBobWaitsWithoutPolling(alice, bob, WAIT, "Look once, set a watch on the"
                        + " znode before yours, and sleep until it fires.");
                assertNoZnodeLeft("Alice and Bob let go");
            }
        }

        @Test
        @DisplayName("A buyer between Alice and Carol leaves the queue without ever holding A1: Carol looks again, watches Alice, and gets A1 only after her")
        void aWaiterInTheMiddleLeaves() throws Exception {
            WaiterInTheMiddle.Outcome outcome = new WaiterInTheMiddle(SEAM, zooKeeper.connectString(), observer())
                    .run(Leave.STRANGER_DELETED);

            assertThat(outcome.carolBehindBob())
                    .withFailMessage("Inconclusive: Carol, third in A1's queue behind Alice and another buyer, did not"
                            + " wait with a watch within %d s: %s.", Timing.forPromptEvent().toSeconds(),
                            outcome.whyNotInLine())
                    .isTrue();
            assertThat(outcome.carolWatchedBob())
                    .withFailMessage("Carol waited third in A1's queue, but her session watched %s instead of the"
                            + " znode just before hers. A waiter watches only its predecessor: then a release wakes"
                            + " one buyer, not all of them.", outcome.carolWatched().isEmpty() ? "nothing in A1's folder"
                                    : String.join(" and ", outcome.carolWatched()))
                    .isTrue();
            assertThat(outcome.carolTookItFromAlice())
                    .withFailMessage("The buyer just before Carol left A1's queue without ever holding the lock (he"
                            + " gave up), and Carol's acquire() returned while Alice still held A1: two holders at"
                            + " once. The znode before yours going does not make you first. Look at the queue again.")
                    .isFalse();
            assertThat(outcome.carolLookedAgain() && outcome.carolWatchesAlice())
                    .withFailMessage("The buyer just before Carol left A1's queue, and %d s later Carol %s. When the"
                            + " znode you watch goes, look at the queue again, and watch the one now before yours:"
                            + " Alice's.", Timing.forPromptEvent().toSeconds(), outcome.carolLookedAgain()
                                    ? "had looked again, but did not watch Alice's znode" : "had not looked again")
                    .isTrue();
            assertThat(outcome.carolGotItAfterAlice())
                    .withFailMessage("Alice let go of A1, and Carol, now first in line, did not get the lock within %d s.",
                            Timing.forPromptEvent().toSeconds())
                    .isTrue();
            assertThat(outcome.leftOver())
                    .withFailMessage("Once Alice and Carol had let go, these znodes were still in A1's queue: %s",
                            outcome.leftOver())
                    .isEmpty();
        }

        @Test
        @DisplayName("Alice lets go between Bob's look at the queue and his watch on her znode: Bob does not wait for her, and gets A1")
        void thePredecessorGoesBeforeTheWatch() throws Exception {
            try (Sessions sessions = sessions()) {
                DistributedLock alice = holding(sessions.open(), "Alpha", "Alice");
                FaultSession bobSession = sessions.open();
                // Bob's first look at A1's queue lists Alice and him; before his code sees it, Alice lets go.
                bobSession.afterNextListingOf(A1, () -> {
                    if (Queue.of(observer(), A1).names().size() != 2) {
                        return false;
                    }
                    alice.release();
                    return true;
                });
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                boolean bobGotIt = bobWaits.awaitDone(Timing.forPromptEvent()) && bobWaits.returnedTrue();
                String bobDid = bobWaits.isDone() ? "had given up: " + bobWaits.failure().map(Object::toString)
                        .orElse("false") : "was still waiting for her";
                if (!bobWaits.isDone()) {
                    bobWaits.abandon();
                }
                bob.release();

                assertThat(bobSession.meanwhileHappened())
                        .withFailMessage("Inconclusive: Bob's lock never listed A1's queue while it held Alice's znode"
                                + " and his, so Alice could not let go between his look and his watch.")
                        .isTrue();
                assertThat(bobGotIt)
                        .withFailMessage("Bob's look at A1's queue showed Alice first, and Alice let go before Bob set"
                                + " his watch on her znode. %d s later Bob %s. A watch on a znode that is already gone"
                                + " never fires: if the look at your predecessor finds it gone, look at the queue again"
                                + " at once.", Timing.forPromptEvent().toSeconds(), bobDid)
                        .isTrue();
                assertNoZnodeLeft("Alice and Bob let go");
            }
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Survive ConnectionLoss on create")
    class SurviveConnectionLoss {

        @Test
        @DisplayName("The answer to Bob's create is lost while Alice holds A1: he finds his own znode, leaves no second one, and gets A1 after her")
        void createAnswerLostWhileAliceHolds() throws Exception {
            try (Sessions sessions = sessions()) {
                DistributedLock alice = holding(sessions.open(), "Alpha", "Alice");
                FaultSession bobSession = sessions.open();
                bobSession.loseNextCreate(FaultSession.Lost.ANSWER);
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                boolean bobWaitsInLine = waitsInLine(bobSession, 1, bobWaits);
                long bobsZnodes = znodesOf(bobSession);
                alice.release();
                boolean bobGotIt = bobWaits.awaitDoneOrAbandon(Timing.forPromptEvent()) && bobWaits.returnedTrue();
                bob.release();

                assertThat(bobSession.createsStruck())
                        .withFailMessage("Inconclusive: Bob's lock never called create().")
                        .isPositive();
                assertThat(bobWaitsInLine)
                        .withFailMessage("Bob's create reached ZooKeeper, but its answer was lost (ConnectionLoss)."
                                + " While Alice held A1, Bob's acquire() %s instead of waiting in line.",
                                bobWaits.failure().map(failure -> "threw " + failure).orElse(
                                        bobWaits.returnedTrue() ? "said he held A1" : "gave up"))
                        .isTrue();
                assertThat(bobsZnodes)
                        .withFailMessage("Bob's create reached ZooKeeper, but its answer was lost (ConnectionLoss), and"
                                + " his lock created again: his session owns %d znodes in A1's queue. The first is an"
                                + " orphan: he waits behind it for ever, and so does everyone after him. Give your"
                                + " znode a name only this attempt can have, and after ConnectionLoss look for it before"
                                + " you create again.", bobsZnodes)
                        .isEqualTo(1);
                assertThat(bobGotIt)
                        .withFailMessage("Alice let go of A1, and Bob, next in line, did not get the lock within %d s%s.",
                                Timing.forPromptEvent().toSeconds(), bobWaits.failure()
                                        .map(failure -> ": his acquire() threw " + failure).orElse(""))
                        .isTrue();
                assertNoZnodeLeft("Alice and Bob let go");
            }
        }

        @Test
        @DisplayName("The answer to Alice's create is lost and nobody holds A1: she finds her znode and holds A1 at once, without waiting for herself")
        void createAnswerLostOnAnEmptyQueue() throws Exception {
            try (Sessions sessions = sessions()) {
                LostCreate asks = LostCreate.aliceAsks(sessions, SEAM, FaultSession.Lost.ANSWER, WAIT);
                LockCall acquisition = asks.acquisition();
                boolean gotIt = acquisition.awaitDone(Timing.forPromptEvent()) && acquisition.returnedTrue();
                long znodes = znodesOf(asks.session());
                if (!acquisition.isDone()) {
                    acquisition.abandon();
                }
                asks.alice().release();

                asks.assertStruck();
                assertThat(gotIt && znodes == 1)
                        .withFailMessage("Alice's create reached ZooKeeper, but its answer was lost (ConnectionLoss),"
                                + " and nobody else was in A1's queue. %d s later her acquire() %s, and her session"
                                + " owned %d znodes in the queue. The create had happened: find your own znode by the"
                                + " name only this attempt can have, instead of creating a second one behind it.",
                                Timing.forPromptEvent().toSeconds(), acquisition.isDone()
                                        ? acquisition.failure().map(failure -> "had thrown " + failure).orElse(
                                                acquisition.returnedTrue() ? "had returned" : "had said false")
                                        : "was still waiting, for herself", znodes)
                        .isTrue();
                assertNoZnodeLeft("Alice let go");
            }
        }

        @Test
        @DisplayName("Alice's create is lost on its way: she creates it again and holds A1")
        void createRequestLost() throws Exception {
            try (Sessions sessions = sessions()) {
                LostCreate asks = LostCreate.aliceAsks(sessions, SEAM, FaultSession.Lost.REQUEST, WAIT);
                LockCall acquisition = asks.acquisition();
                boolean gotIt = acquisition.awaitDoneOrAbandon(Timing.forPromptEvent()) && acquisition.returnedTrue();
                long znodes = znodesOf(asks.session());
                asks.alice().release();

                asks.assertStruck();
                assertThat(gotIt && znodes == 1)
                        .withFailMessage("Alice's create was lost before it reached ZooKeeper (ConnectionLoss), and"
                                + " A1's queue was empty. Her acquire() %s, with %d znodes of hers in the queue. When"
                                + " your znode is not there, nothing happened: create it again.",
                                acquisition.isDone() ? acquisition.failure().map(failure -> "threw " + failure)
                                        .orElse(acquisition.returnedTrue() ? "returned" : "said false")
                                        : "was still waiting " + Timing.forPromptEvent().toSeconds() + " s later", znodes)
                        .isTrue();
                assertNoZnodeLeft("Alice let go");
            }
        }

        @Test
        @DisplayName("Bob, a buyer of Alice's node, holds A1, and Alice's create is lost on its way: she does not take his znode for hers, and gets A1 after him")
        void createLostWhileABuyerOfTheSameSessionHolds() throws Exception {
            try (Sessions sessions = sessions()) {
                FaultSession alpha = sessions.open();
                DistributedLock bob = holding(alpha, "Alpha", "Bob");
                DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                int watchesBefore = alpha.watchesSet();
                alpha.loseNextCreate(FaultSession.Lost.REQUEST);
                LockCall aliceWaits = LockCall.acquire(alice, "Alice", WAIT);
                boolean aliceWaitsInLine = waitsInLine(alpha, watchesBefore + 1, aliceWaits);
                boolean aliceTookBobsLock = aliceWaits.returnedTrue();
                long alphasZnodes = znodesOf(alpha); // 1 if she took Bob's for hers, 2 if she queued behind him
                bob.release();
                boolean aliceGotIt = aliceWaits.awaitDoneOrAbandon(Timing.forPromptEvent()) && aliceWaits.returnedTrue();
                List<String> owners = owners();
                alice.release();

                assertThat(alpha.createsStruck())
                        .withFailMessage("Inconclusive: Alice's lock never called create().")
                        .isPositive();
                assertThat(aliceTookBobsLock)
                        .withFailMessage(alphasZnodes > 1
                                ? "Bob held A1's lock. Alice, a buyer of the same node Alpha, lost her create on its"
                                        + " way (ConnectionLoss), created her znode again behind his, and her acquire()"
                                        + " returned while he still held A1: she took the lock without being first in"
                                        + " line. Only the lowest znode of the queue holds the lock."
                                : "Bob held A1's lock. Alice, a buyer of the same node Alpha and so of the same"
                                        + " ZooKeeper session, lost her create on its way (ConnectionLoss), looked for"
                                        + " her znode, and took Bob's for hers: her acquire() returned while he held A1,"
                                        + " with no znode of her own in the queue. The session is no name of yours:"
                                        + " Bob's znode has it too. Name your znode with something only this attempt"
                                        + " has.")
                        .isFalse();
                assertThat(aliceWaitsInLine)
                        .withFailMessage("Alice's create was lost on its way while Bob, a buyer of her node, held A1."
                                + " Her acquire() %s instead of creating her znode and waiting in line.",
                                aliceWaits.failure().map(failure -> "threw " + failure).orElse("gave up"))
                        .isTrue();
                assertThat(aliceGotIt && owners.equals(List.of("Alpha/Alice")))
                        .withFailMessage("Bob let go of A1, and Alice, next in line, %s; A1's queue then held %s.",
                                aliceGotIt ? "got the lock" : "did not get it within "
                                        + Timing.forPromptEvent().toSeconds() + " s", owners)
                        .isTrue();
                assertNoZnodeLeft("Bob and Alice let go");
            }
        }

        @Test
        @DisplayName("Bob's look at Alice's znode is lost while he waits: he goes on waiting, and gets A1 after her")
        void aLostLookWhileWaiting() throws Exception {
            try (Sessions sessions = sessions()) {
                DistributedLock alice = holding(sessions.open(), "Alpha", "Alice");
                FaultSession bobSession = sessions.open();
                bobSession.loseNextWatchedRead();
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                boolean lost = bobSession.awaitLookLost(Timing.forPromptEvent());
                boolean bobWaitsAgain = waitsInLine(bobSession, 1, bobWaits);
                alice.release();
                boolean bobGotIt = bobWaits.awaitDoneOrAbandon(Timing.forPromptEvent()) && bobWaits.returnedTrue();
                bob.release();

                assertThat(lost)
                        .withFailMessage("Inconclusive: while Alice held A1's lock, Bob's lock never set a watch, so there"
                                + " was no look to lose.")
                        .isTrue();
                assertThat(bobWaitsAgain)
                        .withFailMessage("Bob's look at A1's queue was lost (ConnectionLoss) while Alice held the lock,"
                                + " and his acquire() %s, so he would be told the booking failed although his turn"
                                + " was coming. A lost look changes nothing in the queue: look again.",
                                bobWaits.failure().map(failure -> "gave up with " + failure).orElse(
                                        bobWaits.returnedTrue() ? "said he held A1" : "said false"))
                        .isTrue();
                assertThat(bobGotIt)
                        .withFailMessage("Alice let go of A1, and Bob, next in line, did not get the lock within %d s.",
                                Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertNoZnodeLeft("Alice and Bob let go");
            }
        }

        @Test
        @DisplayName("The answer to Alice's delete is lost and Bob took A1 meanwhile: her release finds her znode gone, and leaves Bob's alone")
        void deleteAnswerLost() throws Exception {
            try (Sessions sessions = sessions()) {
                FaultSession aliceSession = sessions.open();
                FaultSession bobSession = sessions.open();
                DistributedLock alice = holding(aliceSession, "Alpha", "Alice");
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                waitsInLine(bobSession, 1, bobWaits);
                aliceSession.loseNextDelete(FaultSession.Lost.ANSWER,
                        () -> bobWaits.awaitDone(Timing.forPromptEvent()) && bobWaits.returnedTrue());
                LockCall release = LockCall.release(alice, "Alice");
                boolean released = release.awaitDoneOrAbandon(Timing.forPromptEvent());
                long bobsZnodes = znodesOf(bobSession);
                if (!bobWaits.isDone()) {
                    bobWaits.abandon();
                }
                bob.release();

                assertThat(aliceSession.deletesStruck())
                        .withFailMessage("Inconclusive: Alice's release() never called delete().")
                        .isPositive();
                assertThat(aliceSession.deletedBeforeTheLostAnswer() && aliceSession.meanwhileHappened())
                        .withFailMessage("Inconclusive: Alice's delete %s, so Bob did not hold A1 when her answer was"
                                + " lost.", aliceSession.deletedBeforeTheLostAnswer()
                                        ? "went through, but Bob did not get A1 within "
                                                + Timing.forPromptEvent().toSeconds() + " s"
                                        : "did not delete her znode")
                        .isTrue();
                assertThat(bobsZnodes)
                        .withFailMessage("Alice's delete went through, but its answer was lost (ConnectionLoss), and"
                                + " meanwhile Bob took A1's lock. Alice's release then deleted again, and deleted Bob's"
                                + " znode: he holds A1 with no place in the queue, and the next buyer will hold it too."
                                + " Delete your own znode by its name, which nobody else's can have.")
                        .isEqualTo(1);
                assertThat(released && release.failure().isEmpty())
                        .withFailMessage("The answer to Alice's delete was lost (ConnectionLoss), and her release() %s."
                                + " Her znode is gone: a second delete that says NoNode means the first went through.",
                                released ? "threw " + release.failure().orElse(null) : "had not returned "
                                        + Timing.forPromptEvent().toSeconds() + " s later")
                        .isTrue();
                assertNoZnodeLeft("Alice and Bob let go");
            }
        }
    }

    @Nested
    @Tag("task:4")
    @DisplayName("4. Give up cleanly, and stop when the session is lost")
    class GiveUpCleanly {

        @Test
        @DisplayName("Alice asks for A1 with no time to wait, and with 300 ms, while Bob holds it: acquire() says false in time, and leaves nothing behind")
        void aTimedAcquireRunsOut() throws Exception {
            try (Sessions sessions = sessions()) {
                FaultSession bobSession = sessions.open();
                DistributedLock bob = holding(bobSession, "Beta", "Bob");
                FaultSession aliceSession = sessions.open();
                for (Duration maxWait : List.of(Duration.ZERO, Duration.ofMillis(300))) {
                    DistributedLock alice = SEAM.lock(aliceSession, "Alpha", "Alice", "A1");
                    LockCall aliceAsks = LockCall.acquire(alice, "Alice", maxWait);
                    boolean answered = aliceAsks.awaitDoneOrAbandon(maxWait.plus(Timing.forPromptEvent()));
                    long alicesZnodes = znodesOf(aliceSession);
                    LockCall release = LockCall.release(alice, "Alice");
                    boolean releaseReturned = release.awaitDone(Timing.forPromptEvent());

                    assertThat(answered)
                            .withFailMessage("Alice asked for A1's lock, held by Bob, waiting at most %d ms. %d s later"
                                    + " her acquire() was still waiting: it must say false once maxWait has run out.",
                                    maxWait.toMillis(), Timing.forPromptEvent().toSeconds())
                            .isTrue();
                    assertThat(aliceAsks.failure().isEmpty() && !aliceAsks.returnedTrue())
                            .withFailMessage("Alice asked for A1's lock, held by Bob, waiting at most %d ms, and her"
                                    + " acquire() %s. Bob holds it: the answer is false.", maxWait.toMillis(),
                                    aliceAsks.failure().map(failure -> "threw " + failure).orElse("said true"))
                            .isTrue();
                    assertThat(alicesZnodes)
                            .withFailMessage("Alice's acquire() said false after %d ms, but her znode was still in A1's"
                                    + " queue: everyone who joins after her waits for a buyer who has gone. Leave the"
                                    + " queue whenever acquire() ends without the lock.", maxWait.toMillis())
                            .isZero();
                    assertThat(releaseReturned && release.failure().isEmpty())
                            .withFailMessage("Alice's acquire() said false, and the release() the toolkit calls after"
                                    + " it %s. A release after a failed acquire has nothing to do.", releaseReturned
                                            ? "threw " + release.failure().orElse(null) : "did not return")
                            .isTrue();
                }
                assertThat(znodesOf(bobSession))
                        .withFailMessage("After Alice's attempts, Bob's znode was no longer in A1's queue.")
                        .isEqualTo(1);
                bob.release();
                assertNoZnodeLeft("Alice gave up and Bob let go");
            }
        }

        @Test
        @DisplayName("Bob, between Alice and Carol, gives up when his time runs out: his znode goes, and Carol gets A1 after Alice")
        void aWaiterInTheMiddleRunsOutOfTime() throws Exception {
            assertBobLeavesCleanly(Leave.TIME_RUNS_OUT, "his time to wait (" + WaiterInTheMiddle.BOBS_SHORT_WAIT.toSeconds()
                    + " s) ran out");
        }

        @Test
        @DisplayName("Bob, between Alice and Carol, is interrupted: his znode goes, and Carol gets A1 after Alice")
        void aWaiterInTheMiddleIsInterrupted() throws Exception {
            assertBobLeavesCleanly(Leave.INTERRUPTED, "his thread was interrupted");
        }

        @Test
        @DisplayName("Bob's session expires while he waits between Alice and Carol: his acquire() ends, and Carol gets A1 after Alice")
        void aWaiterInTheMiddleLosesHisSession() throws Exception {
            assertBobLeavesCleanly(Leave.SESSION_EXPIRES, "his session expired on the server");
        }

        @Test
        @DisplayName("Alice's delete is lost on its way: her release asks again, her znode goes, and Bob gets A1")
        void deleteRequestLost() throws Exception {
            try (Sessions sessions = sessions()) {
                FaultSession aliceSession = sessions.open();
                FaultSession bobSession = sessions.open();
                DistributedLock alice = holding(aliceSession, "Alpha", "Alice");
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                waitsInLine(bobSession, 1, bobWaits);
                aliceSession.loseNextDelete(FaultSession.Lost.REQUEST);
                LockCall release = LockCall.release(alice, "Alice");
                boolean released = release.awaitDoneOrAbandon(Timing.forPromptEvent());
                long alicesZnodes = znodesOf(aliceSession);
                boolean bobGotIt = bobWaits.awaitDoneOrAbandon(Timing.forPromptEvent()) && bobWaits.returnedTrue();
                bob.release();

                assertThat(aliceSession.deletesStruck())
                        .withFailMessage("Inconclusive: Alice's release() never called delete().")
                        .isPositive();
                assertThat(alicesZnodes)
                        .withFailMessage("Alice's delete was lost on its way (ConnectionLoss), and her release() %s"
                                + " with her znode still first in A1's queue: everyone waits for her until her session"
                                + " ends, which in a running node is never. Ask again; your znode's name is yours alone.",
                                released ? "returned" : "was still busy " + Timing.forPromptEvent().toSeconds() + " s later")
                        .isZero();
                assertThat(bobGotIt)
                        .withFailMessage("Alice's znode went, and Bob, next in line, did not get A1 within %d s.",
                                Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertNoZnodeLeft("Alice and Bob let go");
            }
        }

        @Test
        @DisplayName("Alice's session expires after she paid: she is told the lock is lost, and A1 is sold once, to Bob")
        void aliceStopsWhenHerSessionExpires() throws Exception {
            LOST_LOCK.assertAliceStopped(ExpiryWhileWorking.run(CODE, zooKeeper.connectString(), Lab04.SESSION_TIMEOUT));
        }

        @Test
        @DisplayName("Alice is cut off after she paid and goes on as soon as she hears Disconnected: she is told the lock is lost, and A1 is sold once, to Bob")
        void aliceStopsWhenHerConnectionDrops() throws Exception {
            LOST_LOCK.assertAliceStopped(DisconnectWhileWorking.run(CODE, zooKeeper.connectString(), Lab04.SESSION_TIMEOUT));
        }

        @Test
        @DisplayName("Alice's session expires after her last look at the queue said she is first, before her acquire() returns: her lock does not say it is held")
        void theSessionEndsBetweenTheLastLookAndTheGrant() throws Exception {
            try (Sessions sessions = sessions()) {
                DistributedLock bob = holding(sessions.open(), "Beta", "Bob");
                FaultSession aliceSession = sessions.open();
                DistributedLock alice = SEAM.lock(aliceSession, "Alpha", "Alice", "A1");
                LockCall aliceWaits = LockCall.acquire(alice, "Alice", WAIT);
                boolean aliceWaitsInLine = waitsInLine(aliceSession, 1, aliceWaits);
                // Her next look lists her alone; before her code sees it, her session ends and her client hears it.
                aliceSession.afterNextListingOf(A1, () -> {
                    SessionExpiry.expire(aliceSession, zooKeeper.connectString());
                    return aliceSession.awaitEveryWatcherTold(KeeperState.Disconnected, Timing.forPromptEvent());
                });
                bob.release();
                boolean returned = aliceWaits.awaitDone(Timing.forExpiryOf(Lab04.SESSION_TIMEOUT));
                boolean saysHeld = aliceWaits.returnedTrue() && alice.isHeld();
                if (!returned) {
                    aliceWaits.abandon();
                }
                alice.release();

                assertThat(aliceWaitsInLine)
                        .withFailMessage("Inconclusive: Alice, behind Bob in A1's queue, did not wait with a watch within"
                                + " %d s.", Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertThat(aliceSession.meanwhileHappened())
                        .withFailMessage("Inconclusive: after Bob let go, Alice's lock did not list A1's queue again, or"
                                + " her client did not hear that her session had ended within %d s.",
                                Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertThat(returned)
                        .withFailMessage("Alice's session expired while her acquire() looked at A1's queue, and %d s"
                                + " later it had not returned.", Timing.forExpiryOf(Lab04.SESSION_TIMEOUT).toSeconds())
                        .isTrue();
                assertThat(saysHeld)
                        .withFailMessage("Alice's last look at A1's queue said she was first. Before her code saw that"
                                + " answer, her session expired and her client heard the connection drop; her znode"
                                + " is gone. Yet her acquire() returned true and isHeld() says true. The news was"
                                + " noted after the look, so the drop went unseen. Note the session's news before the"
                                + " look at the queue that makes you first: a drop after it then counts.")
                        .isFalse();
            }
        }

        private void assertBobLeavesCleanly(Leave leave, String how) throws Exception {
            WaiterInTheMiddle.Outcome outcome = new WaiterInTheMiddle(SEAM, zooKeeper.connectString(), observer())
                    .run(leave);

            assertThat(outcome.carolBehindBob())
                    .withFailMessage("Inconclusive: Bob behind Alice and Carol behind Bob did not both wait with a"
                            + " watch in A1's queue within %d s, before Bob had to leave: %s.",
                            Timing.forPromptEvent().toSeconds(), outcome.whyNotInLine())
                    .isTrue();
            assertThat(outcome.bobReturned())
                    .withFailMessage("Bob waited between Alice and Carol, and %s; %d s later his acquire() was still"
                            + " waiting.%s", how, WaiterInTheMiddle.BOBS_SHORT_WAIT.plus(Timing.forPromptEvent()).toSeconds(),
                            leave == Leave.SESSION_EXPIRES ? " His session can never hold A1 now: a waiter's watch"
                                    + " hears the connection's news too (Disconnected, Expired), and the next look at"
                                    + " the queue says SessionExpired." : leave == Leave.TIME_RUNS_OUT
                                    ? " acquire() must give up when maxWait runs out." : "")
                    .isTrue();
            assertThat(outcome.bobAcquired())
                    .withFailMessage("Bob waited between Alice and Carol, %s, and his acquire() said he holds A1,"
                            + " which Alice held.", how)
                    .isFalse();
            assertThat(outcome.bobsZnodeGone())
                    .withFailMessage("Bob waited between Alice and Carol, %s, and his acquire() ended (%s), but his"
                            + " znode stayed in A1's queue: Carol waits for a buyer who has gone, and so does everyone"
                            + " after her. Whenever acquire() ends without the lock, delete your znode first.", how,
                            outcome.bobFailure().map(Object::toString).orElse("false"))
                    .isTrue();
            assertThat(outcome.carolTookItFromAlice())
                    .withFailMessage("Bob, just before Carol in A1's queue, left it (%s), and Carol's acquire()"
                            + " returned while Alice still held A1: two holders at once. The znode before yours going"
                            + " does not make you first. Look at the queue again.", how)
                    .isFalse();
            assertThat(outcome.carolGotItAfterAlice())
                    .withFailMessage("Bob left A1's queue (%s) and Alice let go, and Carol, now first in line, did not"
                            + " get the lock within %d s.", how, Timing.forPromptEvent().toSeconds())
                    .isTrue();
            assertThat(outcome.leftOver())
                    .withFailMessage("Once Alice and Carol had let go, these znodes were still in A1's queue: %s",
                            outcome.leftOver())
                    .isEmpty();
        }
    }

    /** The verdict of a race without faults: the seat database, the history of holders, and the queue's order. */
    private static void assertOneHolderAtATimeInQueueOrder(RaceResult race, History history, QueueRecorder queue)
            throws Exception {
        RaceWithoutFaults.assertOneHolderAtATime(race, history);
        Optional<String> outOfOrder = queue.grantOutOfOrder(history);
        assertThat(outOfOrder)
                .withFailMessage("No two buyers held a lock at once, but a lock did not pass in the order of its queue:"
                        + " %s. The lowest sequence number holds the lock, and the next one gets it next.",
                        outOfOrder.orElse(""))
                .isEmpty();
        RaceWithoutFaults.assertEveryBuyerAnswered(race, "");
        assertNoZnodeLeft("the race, when every node had closed its session");
    }

    /** Fails if any place is left in any queue under the lab's lock root. */
    private static void assertNoZnodeLeft(String after) throws Exception {
        List<String> leftOver = ZNodes.locksUnder(observer(), LOCKS).stream()
                .map(lock -> lock.path() + " (" + lock.owner() + ")").toList();
        assertThat(leftOver)
                .withFailMessage("After %s, these znodes were still in the queues: %s. A place left in a queue blocks"
                        + " everyone behind it.", after, leftOver)
                .isEmpty();
    }

    /** How many znodes of A1's queue {@code session} owns. */
    private static long znodesOf(ZooKeeper session) throws Exception {
        long count = 0;
        for (String path : Queue.of(observer(), A1).paths()) {
            Stat stat = observer().exists(path, false);
            if (stat != null && stat.getEphemeralOwner() == session.getSessionId()) {
                count++;
            }
        }
        return count;
    }

    /** The owners (znode data) of A1's queue, first in line first. */
    private static List<String> owners() throws Exception {
        List<String> owners = new ArrayList<>();
        for (String path : Queue.of(observer(), A1).paths()) {
            try {
                owners.add(new String(observer().getData(path, false, null), StandardCharsets.UTF_8));
            } catch (org.apache.zookeeper.KeeperException.NoNodeException e) {
                // Safe to ignore: it left the queue as we looked.
            }
        }
        return owners;
    }

    /** What a herd of this size says about the lock: who it woke. */
    private static String whoWokeTooMany(double perHandoff, int contenders) {
        if (perHandoff > contenders / 2.0) {
            return "Nearly every waiter woke at each release: do they all watch the first in line, or the folder?";
        }
        if (perHandoff > 1.5 && perHandoff < 2.5) {
            return "Two watches fired at each release: the next in line's, and another, such as a holder's watch on"
                    + " its own znode (its own delete fires it).";
        }
        return "More than the next in line woke at each release.";
    }

    private static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    private static String sequenceOf(String path) {
        return path.substring(path.length() - 10);
    }
}
