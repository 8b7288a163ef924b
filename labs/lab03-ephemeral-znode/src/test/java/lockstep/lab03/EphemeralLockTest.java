package lockstep.lab03;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
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
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The grader of Lab 03. It starts its own ZooKeeper on a free port (never 2181, so a server you
 * started by hand is left alone). Each check names a task of the README. Checks that need a
 * particular order of events get it from latches and from faults placed at a named step: a
 * killed process, a session expired on the server, a connection lost at a chosen moment.
 */
@Grader
@DisplayName("Lab 03 · A lock as one ephemeral znode")
class EphemeralLockTest {

    private static final Implementation CODE = Implementation.of(Lab03.class);
    /** The learner's lock, reached only through the lab's seam. */
    private static final LockSeam<ZooKeeper> SEAM = LockSeam.of(CODE, ZooKeeper.class);
    /** The parent of every lock znode, as the lab's spec says: {@code /lockstep/locks}. */
    static final String LOCKS = SEAM.spec().lockRoot();
    private static final String A1 = SEAM.lockName("A1");
    /** Lab 03's lock waits until it holds its znode or its session ends; a check never needs longer than this. */
    static final Duration WAIT = Timing.forRace();
    /**
     * What a stalled race points at: a lock znode left behind that nobody holds by the history is a release that does
     * not let go (task 1: the znode's life); waiters asleep while no znode is left were never woken (task 2).
     */
    private static final StallHints STALLS = new StallHints(1, "A lock znode that outlives its buyer blocks every"
            + " buyer after it: does release() delete your znode?", 2, "Nobody holds the lock, yet the buyers sleep: a"
            + " waiter must be woken by a watch that fires when the lock znode goes.");

    /** What task 4's checks say when Alice's lock did not tell her it was lost: a watch on her own znode would have. */
    private static final LostLockVerdict LOST_LOCK = new LostLockVerdict(Lab03.SESSION_TIMEOUT, "what it owned",
            "He was still waiting for the lock: did Alice's znode outlive her session?", "her lock's znode",
            "(does one of your watchers block? ZooKeeper calls them one at a time)", "every watcher her lock set",
            "Alice's session expired after she paid, so ZooKeeper deleted her lock znode and Bob took the lock and"
                    + " bought A1. Alice's node then confirmed A1 as well: her lock still said isHeld(). Watch your"
                    + " own znode once you hold it, and treat Disconnected, Expired and NodeDeleted as a lost lock.",
            "Alice was cut off from ZooKeeper after she paid; the server expired her session and deleted her lock"
                    + " znode, and Bob took the lock and bought A1. Alice went on once her client had heard"
                    + " Disconnected, and before it could hear Expired (it had no way to reach the server): her lock"
                    + " still said isHeld(), and she confirmed A1 too. Waiting for Expired is too late, and getState()"
                    + " still says CONNECTED for a second or more after the connection dropped. Treat Disconnected,"
                    + " heard by the watch on your own znode, as a lost lock.");

    /** The grader's ZooKeeper; before each check, no lock znode is left under {@link #LOCKS}. */
    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.tidying(LOCKS);

    /** The grader's own session: it looks at the tree and tidies it between checks. */
    private static ZooKeeper observer() {
        return zooKeeper.observer();
    }

    @Nested
    @Tag("task:1")
    @DisplayName("1. Let one ephemeral create decide")
    class OneCreateDecides {

        @Test
        @DisplayName("1,000 buyers on 10 nodes, 1 seat: one is sold, the others are told taken, and no two hold A1's lock at once")
        void aThousandBuyersOnThreads() throws Exception {
            History history = new History();
            RaceResult race = STALLS.race(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1)
                    .services(zooKeeper.services()).steps(history));

            assertOneHolderAtATime(race, history);
        }

        @Test
        @DisplayName("1,000 buyers on 10 separate processes, 3 seats: each is sold once, and no two hold a seat's lock at once")
        void aThousandBuyersOnProcesses() throws Exception {
            History history = new History();
            RaceResult race = STALLS.race(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(3).inProcesses()
                    .services(zooKeeper.services()).steps(history));

            assertOneHolderAtATime(race, history);
        }

        @Test
        @DisplayName("A node killed while holding A1's lock: its session expires, the next buyer gets A1, and no lock znode is left")
        void aKilledHoldersLockComesBack(TestReporter report) throws Exception {
            KilledHolder.Outcome outcome = STALLS.orSayWhereItStopped(
                    () -> KilledHolder.run(CODE, zooKeeper.connectString(), observer(), Lab03.SESSION_TIMEOUT));

            outcome.assertTheLockCameBack(Lab03.SESSION_TIMEOUT, "the lock znode outlived the node's session (the grader"
                    + " deleted it to end the race). A znode made with CreateMode.PERSISTENT stays until someone deletes"
                    + " it, and a dead node deletes nothing. Make it EPHEMERAL: ZooKeeper deletes it when the session"
                    + " expires.", leftOver -> LOCKS + " still held " + leftOver + ": a lock znode that outlives its"
                            + " session blocks that seat for ever.", report);
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Wait with a watch, not by polling")
    class WaitWithAWatch {

        @Test
        @DisplayName("While Alice holds A1's lock for 1 s, Bob waits with at most 3 reads, and gets the lock when she lets go")
        void bobWaitsWithoutPolling() throws Exception {
            try (Sessions sessions = new Sessions(zooKeeper.connectString(), Lab03.SESSION_TIMEOUT)) {
                DistributedLock alice = SEAM.lock(sessions.open(), "Alpha", "Alice", "A1");
                DistributedLock bob = SEAM.lock(sessions.open(), "Beta", "Bob", "A1");
                alice.acquire(WAIT);
                WaitWithoutPolling.assertBobWaitsWithoutPolling(alice, bob, WAIT, "Call exists(lockPath, watcher)"
                        + " once and sleep until the watch fires.");
            }
        }

        @Test
        @DisplayName("Bob's session expires while he waits for A1: his acquire() gives up instead of waiting for ever")
        void aWaiterWhoseSessionExpiresStopsWaiting() throws Exception {
            try (Sessions sessions = new Sessions(zooKeeper.connectString(), Lab03.SESSION_TIMEOUT)) {
                DistributedLock alice = SEAM.lock(sessions.open(), "Alpha", "Alice", "A1");
                FaultSession bobSession = sessions.open();
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                alice.acquire(WAIT);
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                boolean bobWatches = bobSession.awaitWatcherSet(Timing.forPromptEvent());
                boolean bobStillWaits = !bobWaits.isDone();
                if (bobWatches && bobStillWaits) {
                    SessionExpiry.expire(bobSession, zooKeeper.connectString());
                }
                boolean bobStopped = bobWaits.awaitDoneOrAbandon(Timing.forPromptEvent());
                alice.release();

                assertThat(bobWatches && bobStillWaits)
                        .withFailMessage("Inconclusive: while Alice held A1's lock, Bob's lock %s, so there was no"
                                + " waiting Bob whose session could expire.", bobStillWaits
                                ? "set no watch within " + Timing.forPromptEvent().toSeconds() + " s"
                                : "did not wait (his acquire() " + bobWaits.failure().map(f -> "threw " + f)
                                        .orElse("returned") + ")")
                        .isTrue();
                assertThat(bobStopped)
                        .withFailMessage("Bob's session expired while he waited for A1's lock, held by Alice. %d s later"
                                + " his acquire() was still waiting, and would have waited for ever: his session can"
                                + " never hold a lock again, and the znode he watches is Alice's. A watch hears the"
                                + " connection's news too (Disconnected, Expired); wake on any event, and the next"
                                + " create tells you where you stand (here: SessionExpired).",
                                Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertThat(bobWaits.failure())
                        .withFailMessage("Bob's session expired while he waited for A1's lock, held by Alice, yet his"
                                + " acquire() returned as if he held it. An expired session holds nothing: acquire()"
                                + " must throw (SessionExpiredException).")
                        .isPresent();
            }
        }

        @Test
        @DisplayName("The herd, measured: how many waiters one release wakes, with 8 and 32 buyers")
        void theHerdIsMeasured(TestReporter report) throws Exception {
            List<String> figures = new ArrayList<>();
            for (int contenders : new int[] {8, 32}) {
                HerdMeasurement.Result result;
                try {
                    result = HerdMeasurement.measure(zooKeeper.connectString(), contenders, 100,
                            HerdContender.connecting(SEAM, WAIT),
                            Timing.forChildJvm(), Timing.forPromptEvent());
                } catch (IllegalStateException e) {
                    throw new AssertionError("The herd could not be measured with " + contenders + " buyers taking turns"
                            + " on one lock: " + e.getMessage(), e);
                }
                figures.add(String.format(Locale.ROOT, "%d buyers: %.1f watch notifications per release",
                        contenders, result.herd().perHandoff()));
            }
            report.publishEntry("herd", String.join("; ", figures) + ". Every waiter watches the same znode, so each"
                    + " release wakes all of them, and all but one go back to sleep. A queue of sequential znodes,"
                    + " each waiter watching the one before it, would wake exactly one.");
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Handle NodeExists and ConnectionLoss")
    class HandleConnectionLoss {

        @Test
        @DisplayName("When the answer to Alice's create is lost, she finds her own znode and holds A1")
        void answerLost() throws Exception {
            try (Sessions sessions = new Sessions(zooKeeper.connectString(), Lab03.SESSION_TIMEOUT)) {
                LostCreate asks = LostCreate.aliceAsks(sessions, SEAM, FaultSession.Lost.ANSWER, WAIT);
                LockCall acquisition = asks.acquisition();
                boolean returned = acquisition.awaitDoneOrAbandon(Timing.forPromptEvent());

                asks.assertStruck();
                assertThat(returned)
                        .withFailMessage("Alice's create reached ZooKeeper, but its answer was lost (ConnectionLoss)."
                                + " %d s later she was still waiting for the lock, held by the znode she had created"
                                + " herself. Creating again only says NodeExists. Ask whose znode it is: its"
                                + " ephemeralOwner is your session id when it is yours (isOurZnode()).",
                                Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertThat(acquisition.failure())
                        .withFailMessage("Alice's create reached ZooKeeper, but its answer was lost, and her acquire()"
                                + " gave up with %s. Her znode is still there, so A1 stays locked by her node's session"
                                + " while nobody uses it. Ask whose znode it is (isOurZnode()) before giving up.",
                                acquisition.failure().orElse(null))
                        .isEmpty();
                assertHolds(asks.alice(), asks.session(),
                        "Alice's create had reached ZooKeeper before its answer was lost");
                asks.alice().release();
                assertThat(observer().exists(A1, false))
                        .withFailMessage("Alice released A1's lock, but %s is still there.", A1)
                        .isNull();
            }
        }

        @Test
        @DisplayName("When Alice's create is lost on its way, she creates it again and holds A1")
        void requestLost() throws Exception {
            try (Sessions sessions = new Sessions(zooKeeper.connectString(), Lab03.SESSION_TIMEOUT)) {
                LostCreate asks = LostCreate.aliceAsks(sessions, SEAM, FaultSession.Lost.REQUEST, WAIT);
                LockCall acquisition = asks.acquisition();
                boolean returned = acquisition.awaitDoneOrAbandon(Timing.forPromptEvent());

                asks.assertStruck();
                assertThat(returned && acquisition.failure().isEmpty())
                        .withFailMessage("Alice's create was lost before it reached ZooKeeper (ConnectionLoss), and A1's"
                                + " lock was free. Her acquire() %s. When the znode is not there, nothing is lost yet:"
                                + " create it again.%s", returned ? "threw " + acquisition.failure().orElse(null)
                                : "was still waiting " + Timing.forPromptEvent().toSeconds() + " s later",
                                returned ? "" : " And if the look you wait with finds no znode, the lock is free:"
                                        + " do not sleep until someone creates one, create it yourself at once.")
                        .isTrue();
                assertHolds(asks.alice(), asks.session(), "her first create had never reached ZooKeeper");
                asks.alice().release();
            }
        }

        @Test
        @DisplayName("Bob holds A1, and Alice, a buyer of the same node, loses her create on its way: she waits, and gets A1 after Bob")
        void requestLostWhileABuyerOfTheSameSessionHolds() throws Exception {
            try (Sessions sessions = new Sessions(zooKeeper.connectString(), Lab03.SESSION_TIMEOUT)) {
                FaultSession session = sessions.open();
                DistributedLock bob = SEAM.lock(session, "Alpha", "Bob", "A1");
                DistributedLock alice = SEAM.lock(session, "Alpha", "Alice", "A1");
                bob.acquire(WAIT);
                session.loseNextCreate(FaultSession.Lost.REQUEST);
                LockCall aliceWaits = LockCall.acquire(alice, "Alice", WAIT);
                // How long Alice's acquire() must not return while Bob holds A1: the quiet period.
                boolean returnedWhileBobHeld = aliceWaits.awaitDone(Timing.quietPeriod());
                boolean struckWhileBobHeld = session.createsStruck() > 0;
                bob.release();
                boolean returned = aliceWaits.awaitDoneOrAbandon(Timing.forPromptEvent());

                assertThat(struckWhileBobHeld)
                        .withFailMessage("Inconclusive: while Bob held A1's lock, Alice's lock never called"
                                + " create(String, byte[], List, CreateMode), so her create could not be lost then.")
                        .isTrue();
                assertThat(returnedWhileBobHeld && aliceWaits.failure().isEmpty())
                        .withFailMessage("Bob held A1's lock. Alice, a buyer of the same node Alpha and so of the same"
                                + " ZooKeeper session, lost her create on its way (ConnectionLoss), and her acquire()"
                                + " returned: she believes she holds A1, which is Bob's. The znode's ephemeralOwner is"
                                + " her session id as well, because Bob's session is hers; only the znode's data tells"
                                + " Alpha/Bob from Alpha/Alice. A znode is ours when both match (isOurZnode()).")
                        .isFalse();
                assertThat(returned && aliceWaits.failure().isEmpty())
                        .withFailMessage("Alice's create was lost on its way (ConnectionLoss) while Bob, a buyer of her"
                                + " node, held A1's lock. Once Bob let go, she should have got it; her acquire() %s.",
                                !returned ? "was still waiting " + Timing.forPromptEvent().toSeconds() + " s later"
                                        : "gave up with " + aliceWaits.failure().orElse(null) + " (a znode of another"
                                                + " buyer means wait, not fail)")
                        .isTrue();
                Stat stat = new Stat();
                byte[] data = observer().exists(A1, false) == null ? null : observer().getData(A1, false, stat);
                assertThat(data != null && "Alpha/Alice".equals(new String(data, StandardCharsets.UTF_8)))
                        .withFailMessage("Alice's acquire() returned after Bob let go, but %s is %s.", A1,
                                data == null ? "not there: she holds nothing"
                                        : "owned by " + new String(data, StandardCharsets.UTF_8))
                        .isTrue();
                alice.release();
            }
        }

        @Test
        @DisplayName("When Bob's look at A1's lock is lost while Alice holds it, he goes on waiting and gets A1 after her")
        void lookLostWhileWaiting() throws Exception {
            try (Sessions sessions = new Sessions(zooKeeper.connectString(), Lab03.SESSION_TIMEOUT)) {
                DistributedLock alice = SEAM.lock(sessions.open(), "Alpha", "Alice", "A1");
                FaultSession bobSession = sessions.open();
                bobSession.loseNextWatchedRead();
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                alice.acquire(WAIT);
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                boolean struck = bobSession.awaitLookLost(Timing.forPromptEvent());
                alice.release();
                boolean returned = bobWaits.awaitDoneOrAbandon(Timing.forPromptEvent());
                bob.release();

                assertThat(struck)
                        .withFailMessage("Inconclusive: while Alice held A1's lock, Bob's lock never set a watch (exists,"
                                + " getData or getChildren with a watcher), so there was no look to lose.")
                        .isTrue();
                assertThat(returned)
                        .withFailMessage("Bob's look at A1's lock was lost (ConnectionLoss) while Alice held it. Alice let"
                                + " go, and %d s later Bob was still waiting.", Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertThat(bobWaits.failure())
                        .withFailMessage("Bob waited for A1's lock, held by Alice, and his look at it was lost"
                                + " (ConnectionLoss). His acquire() gave up with %s, and he would be told the booking"
                                + " failed although A1 was about to be free. A lost look changes nothing: go back and"
                                + " let the next create tell you where you stand.", bobWaits.failure().orElse(null))
                        .isEmpty();
            }
        }

        @Test
        @DisplayName("When the answer to Alice's delete is lost and Bob has taken A1 meanwhile, her release leaves Bob's lock alone")
        void deleteAnswerLost() throws Exception {
            try (Sessions sessions = new Sessions(zooKeeper.connectString(), Lab03.SESSION_TIMEOUT)) {
                FaultSession aliceSession = sessions.open();
                ZooKeeper bobSession = sessions.open();
                DistributedLock alice = SEAM.lock(aliceSession, "Alpha", "Alice", "A1");
                DistributedLock bob = SEAM.lock(bobSession, "Beta", "Bob", "A1");
                alice.acquire(WAIT);
                LockCall bobWaits = LockCall.acquire(bob, "Bob", WAIT);
                aliceSession.loseNextDelete(FaultSession.Lost.ANSWER,
                        () -> bobWaits.awaitDone(Timing.forPromptEvent()) && bobWaits.failure().isEmpty());
                LockCall release = LockCall.release(alice, "Alice");
                boolean released = release.awaitDoneOrAbandon(Timing.forPromptEvent());
                Stat stat = observer().exists(A1, false);
                boolean bobsZnodeIsThere = stat != null && stat.getEphemeralOwner() == bobSession.getSessionId();
                Optional<Throwable> bobsFailure = bobWaits.failure(); // before an abandon() interrupts him
                if (!bobWaits.isDone()) {
                    bobWaits.abandon();
                }
                bob.release();

                assertThat(aliceSession.deletesStruck() > 0)
                        .withFailMessage("Inconclusive: Alice's release() never called delete(String, int).")
                        .isTrue();
                assertThat(aliceSession.deletedBeforeTheLostAnswer())
                        .withFailMessage("Inconclusive: Alice's first delete did not delete A1's znode, so no lock was"
                                + " freed before its answer was lost.")
                        .isTrue();
                assertThat(aliceSession.meanwhileHappened())
                        .withFailMessage("Inconclusive: Alice's delete freed A1's lock, but Bob, waiting for it, did not"
                                + " get it within %d s%s, so nobody else's znode was there when her answer was lost.",
                                Timing.forPromptEvent().toSeconds(),
                                bobsFailure.map(failure -> " (his acquire() threw " + failure + ")").orElse(""))
                        .isTrue();
                assertThat(bobsZnodeIsThere)
                        .withFailMessage("Alice's delete went through, but its answer was lost (ConnectionLoss), and"
                                + " meanwhile Bob took A1's lock. Alice's release then deleted again, and deleted Bob's"
                                + " znode: %s is %s. A delete with version -1 deletes whatever znode is at the path,"
                                + " whoever made it. After ConnectionLoss, ask whose znode it is (isOurZnode()) before"
                                + " you delete again.", A1, stat == null ? "gone, and Bob holds nothing"
                                        : "owned by another session")
                        .isTrue();
                assertThat(released)
                        .withFailMessage("The answer to Alice's delete was lost (ConnectionLoss), and her release() had"
                                + " not returned %d s later. The lock znode there is Bob's: her own is gone.",
                                Timing.forPromptEvent().toSeconds())
                        .isTrue();
            }
        }

        private void assertHolds(DistributedLock alice, ZooKeeper session, String why) throws Exception {
            Stat stat = observer().exists(A1, false);
            assertThat(stat != null && stat.getEphemeralOwner() == session.getSessionId())
                    .withFailMessage("Alice's acquire() returned, but %s is %s (%s).", A1,
                            stat == null ? "not there: she holds nothing" : "owned by another session", why)
                    .isTrue();
            assertThat(alice.isHeld())
                    .withFailMessage("Alice holds A1's znode, but her lock's isHeld() says false.")
                    .isTrue();
        }
    }

    @Nested
    @Tag("task:4")
    @DisplayName("4. Stop when the session is lost")
    class StopWhenTheSessionIsLost {

        @Test
        @DisplayName("Alice's session expires after she paid: she is told the lock is lost, and A1 is sold once, to Bob")
        void aliceStopsWhenHerSessionExpires() throws Exception {
            LOST_LOCK.assertAliceStopped(ExpiryWhileWorking.run(CODE, zooKeeper.connectString(), Lab03.SESSION_TIMEOUT));
        }

        @Test
        @DisplayName("Alice is cut off after she paid and goes on as soon as she hears Disconnected: she is told the lock is lost, and A1 is sold once, to Bob")
        void aliceStopsWhenHerConnectionDrops() throws Exception {
            LOST_LOCK.assertAliceStopped(DisconnectWhileWorking.run(CODE, zooKeeper.connectString(), Lab03.SESSION_TIMEOUT));
        }
    }

    /** The verdict of a race without faults: the seat database, the history of lock holders, and no znode left. */
    private static void assertOneHolderAtATime(RaceResult race, History history) throws Exception {
        RaceWithoutFaults.assertOneHolderAtATime(race, history);
        RaceWithoutFaults.assertEveryBuyerAnswered(race, "If it says NodeExists, another node created the lock znode"
                + " between your exists() and your create(). Let create() alone decide: NodeExists means someone else"
                + " holds the lock, so wait for it.");
        List<String> leftOver = observer().getChildren(LOCKS, false);
        assertThat(leftOver)
                .withFailMessage("After the race, when every node had closed its session, %s still held %s.",
                        LOCKS, leftOver)
                .isEmpty();
    }
}
