package lockstep.lab05;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.faults.ZooKeeperPartition;
import lockstep.workshop.grading.Grader;
import lockstep.workshop.grading.HintedFailure;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.race.RaceVerdict;
import lockstep.workshop.race.RaceStalledException;
import lockstep.workshop.zookeeper.CuratorConnection;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.curator.framework.listen.Listenable;
import org.apache.curator.framework.listen.ListenerManager;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The grader of Lab 05. It starts its own ZooKeeper on a free port (never 2181, so a server you
 * started by hand is left alone) and reaches your {@code SeatLocks} only through the lab's seam:
 * every node it opens is your {@code connect}, with your session, connection timeout and retry
 * policy. Each check names a task of the README. Faults land at a chosen step of a chosen buyer
 * (a session expired on the server, a connection frozen by a proxy, a server stopped), and a check
 * whose fault did not land where the mistake would show says it is inconclusive.
 */
@Grader
@DisplayName("Lab 05 · Curator's InterProcessMutex")
class SeatLocksTest {

    private static final Implementation CODE = Implementation.of(Lab05.class);
    /** Your node's locks, reached only through the lab's seam. */
    private static final LockSeam<CuratorConnection> SEAM = LockSeam.of(CODE, CuratorConnection.class);
    /** Where Curator keeps each seat's queue, as the lab's spec says: {@code /lockstep/lab05}. */
    private static final String LOCKS = SEAM.spec().lockRoot();
    private static final String A1 = SEAM.lockName("A1");
    /** How long a buyer of a check is willing to wait for a lock that someone will let go of. */
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** How long Alice is willing to wait for a lock Bob holds, in the check of a deadline. */
    private static final Duration SHORT_WAIT = Duration.ofMillis(300);
    /** How long a node may take to say that no ZooKeeper answers (the README's promise). */
    private static final Duration NO_ZOOKEEPER_LIMIT = Timing.scaled(Duration.ofSeconds(15));
    /** How long a buyer may wait on a ZooKeeper that has gone, before hearing so (the README's promise). */
    private static final Duration ZOOKEEPER_GONE_LIMIT = Timing.scaled(Duration.ofSeconds(30));
    /** How long a node that fell silent may keep a seat's lock from the others (the README's promise). */
    private static final Duration SILENT_NODE_LIMIT = Timing.scaled(Duration.ofSeconds(15));
    /** The grader's own session outlives a busy race; if it ends all the same, it is opened again. */
    private static final Duration OBSERVER_SESSION = Duration.ofSeconds(60);

    private static EmbeddedZooKeeper zooKeeper;
    /** The grader's own session: it looks at the queues and tidies them between checks. */
    private static ZooKeeper observer;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = EmbeddedZooKeeper.standalone().start();
    }

    @AfterAll
    static void stopZooKeeper() {
        if (observer != null) {
            ZooKeeperConnections.closeQuietly(observer);
        }
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    /** A check that failed must not leave a lock znode behind for the next one. */
    @BeforeEach
    void removeLeftoverLocks() throws Exception {
        for (String seat : seatFolders()) {
            for (LockQueue.Place place : LockQueue.of(observer(), LOCKS + "/" + seat)) {
                try {
                    observer().delete(LOCKS + "/" + seat + "/" + place.name(), -1);
                } catch (KeeperException.NoNodeException e) {
                    // Safe to ignore: its session ended as we looked, which is what we wanted.
                }
            }
        }
    }

    @Nested
    @Tag("task:1")
    @DisplayName("1. Take and release the seat's mutex, with a deadline")
    class TakeAndRelease {

        @Test
        @DisplayName("1,000 buyers on 10 nodes, 1 seat: one is sold, the others are told taken, and no two hold A1's lock at once")
        void aThousandBuyersOnThreads() throws Exception {
            assertEachSeatSoldOnceToOneHolderAtATime(race(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1)));
        }

        @Test
        @DisplayName("1,000 buyers on 10 separate processes, 3 seats: each is sold once, and no two hold a seat's lock at once")
        void aThousandBuyersOnProcesses() throws Exception {
            assertEachSeatSoldOnceToOneHolderAtATime(race(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(3)
                    .inProcesses()));
        }

        @Test
        @DisplayName("Alice may wait 300 ms for A1 while Bob holds it: her acquire() says no in time, leaves no znode, and her release() after it is safe")
        void aTimedAcquireRunsOut() throws Exception {
            try (Nodes nodes = nodes(); BuyerThread aliceThread = BuyerThread.of("Alice");
                 BuyerThread bobThread = BuyerThread.of("Bob")) {
                CuratorConnection beta = nodes.open("Beta");
                DistributedLock bob = SEAM.lock(beta, "Beta", "Bob", "A1");
                DistributedLock alice = SEAM.lock(nodes.open("Alpha"), "Alpha", "Alice", "A1");
                BuyerThread.Call<Boolean> bobTakes = bobThread.acquire(bob, WAIT);
                boolean bobHolds = bobTakes.awaitPromptly() && bobTakes.returnedTrue();
                long asked = System.nanoTime();
                BuyerThread.Call<Boolean> aliceAsks = bobHolds ? aliceThread.acquire(alice, SHORT_WAIT) : null;
                boolean answered = bobHolds && aliceAsks.awaitDone(SHORT_WAIT.plus(Timing.forPromptEvent()));
                if (bobHolds && !answered) {
                    Timing.noteThatTheCodeHangs(); // an acquire that ignores its deadline waits for ever
                }
                long answeredAfterMillis = (System.nanoTime() - asked) / 1_000_000;
                List<LockQueue.Place> queue = LockQueue.of(observer(), A1);
                BuyerThread.Call<Boolean> aliceReleases = answered ? aliceThread.release(alice) : null;
                boolean released = answered && aliceReleases.awaitPromptly();
                List<LockQueue.Place> queueAfterHerRelease = LockQueue.of(observer(), A1);
                long bobsSession = sessionOf(beta);
                bobThread.release(bob).awaitPromptly();

                assertThat(bobHolds)
                        .withFailMessage("Inconclusive: Bob, alone, asked for A1 and his acquire() %s within %d s, so"
                                + " there was no holder for Alice to wait for.", bobTakes.describe(),
                                Timing.forPromptEvent().toSeconds())
                        .isTrue();
                assertThat(answered)
                        .withFailMessage("Alice was willing to wait %d ms for A1, which Bob held. %d s later her"
                                + " acquire() was still waiting: it ignores the time it is given. A buyer whose time is"
                                + " up must hear no, so that the site can tell her the seat is busy.",
                                SHORT_WAIT.toMillis(), SHORT_WAIT.plus(Timing.forPromptEvent()).toSeconds())
                        .isTrue();
                assertThat(aliceAsks.failure())
                        .withFailMessage("Alice was willing to wait %d ms for A1, which Bob held, and her acquire()"
                                + " threw %s instead of saying no.", SHORT_WAIT.toMillis(),
                                aliceAsks.failure().orElse(null))
                        .isEmpty();
                assertThat(aliceAsks.returnedTrue())
                        .withFailMessage("Alice's acquire() said she holds A1 while Bob held it: two holders at once.")
                        .isFalse();
                assertThat(queue)
                        .withFailMessage("Alice's acquire() said no after %,d ms, but A1's queue still held %d znodes"
                                + " (%s): hers stays in the line, and when Bob lets go, the lock passes to a buyer who"
                                + " has gone home. Nobody behind her gets A1 until her node closes.",
                                answeredAfterMillis, queue.size(), queue)
                        .hasSize(1)
                        .allMatch(place -> place.session() == bobsSession);
                assertThat(released && aliceReleases.failure().isEmpty())
                        .withFailMessage("Alice's acquire() said no, and her release() after it %s. The lock's"
                                + " contract says release() is safe whatever acquire() did: a caller that releases"
                                + " in a finally calls it after a failed acquire too. Release only what you took.",
                                aliceReleases == null ? "was never called" : aliceReleases.describe())
                        .isTrue();
                assertThat(queueAfterHerRelease)
                        .withFailMessage("After Alice's release() (her acquire had said no), A1's queue was %s:"
                                + " Bob's znode had gone, and Bob still believed he held A1.", queueAfterHerRelease)
                        .anyMatch(place -> place.session() == bobsSession);
            }
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Stop work when the connection is SUSPENDED or LOST")
    class StopWhenSuspendedOrLost {

        @Test
        @DisplayName("Alice's session expires while she pays, and her client moves on to a new session: she is told the lock is lost, and A1 is sold once, to Bob")
        void aliceStopsWhenHerSessionExpires() throws Exception {
            ExpiryWhileWorking.Outcome outcome = ExpiryWhileWorking.run(CODE, SEAM, zooKeeper.connectString());
            AuditReport audit = outcome.audit();

            assertThat(outcome.alicePaying())
                    .withFailMessage("Inconclusive: Alice never got as far as paying for A1, so her session could not"
                            + " expire while she paid. She was told: %s", outcome.alice())
                    .isTrue();
            assertThat(outcome.newSession())
                    .withFailMessage("Inconclusive: Alice's session expired on the server, but %d s later her client had"
                            + " not yet told every listener LOST and then RECONNECTED with a new session (it told %s)."
                            + " Does one of your listeners block? Curator calls them one at a time.",
                            Timing.forPromptEvent().toSeconds(), outcome.heard())
                    .isTrue();
            assertThat(audit.oversold())
                    .withFailMessage("Seat A1 was sold twice, to %s. Alice's session expired while she paid, so"
                            + " ZooKeeper deleted her lock znode and Bob took the lock and bought A1. Her client told"
                            + " its listeners %s, and then she confirmed A1 as well: her lock still said it held A1."
                            + " Curator's mutex never tells its holder: listen to the connection, and from SUSPENDED or"
                            + " LOST on, the lock is gone. RECONNECTED brings nothing back: here it came with a new"
                            + " session, which never held A1.",
                            String.join(" and ", audit.buyersPerSeat().getOrDefault("A1", List.of())), outcome.heard())
                    .isZero();
            assertNoConfirmationBy("Alice", outcome.history(), "after her session had expired");
            assertThat(outcome.bob())
                    .withFailMessage("Alice's session expired and ZooKeeper deleted what it owned, yet Bob was told '%s'"
                            + " within %d s instead of getting A1.%s", outcome.bob(), Timing.forPromptEvent().toSeconds(),
                            outcome.bob() == null ? " He was still waiting: did Alice's znode outlive her session?" : "")
                    .isEqualTo(Answer.booked("A1"));
            assertThat(outcome.alice())
                    .withFailMessage("Alice's session expired while she held A1's lock, and she was told '%s'. She must"
                            + " be told the booking failed, and must not confirm A1.", outcome.alice())
                    .isInstanceOf(Answer.Failed.class);
        }

        @Test
        @DisplayName("Alice is cut off while she pays, past her session, and goes on as soon as her client says SUSPENDED: she is told the lock is lost, and A1 is sold once, to Bob")
        void aliceStopsWhenHerConnectionIsSuspended(TestReporter report) throws Exception {
            CutWhilePaying.Outcome outcome = CutWhilePaying.pastHerSession(CODE, SEAM, zooKeeper.connectString(),
                    observer());
            AuditReport audit = outcome.audit();

            assertThat(outcome.alicePaying())
                    .withFailMessage("Inconclusive: Alice never got as far as paying for A1, so her connection could"
                            + " not be cut while she paid. She was told: %s", outcome.alice())
                    .isTrue();
            assertSessionShortEnoughToNoticeACut(outcome.sessionMillis());
            assertThat(outcome.landed())
                    .withFailMessage("Inconclusive: %,d ms after her connection was cut, Alice's client had told %s: %s,"
                            + " so this run could not tell a lock that stops at SUSPENDED from one that waits for LOST."
                            + " Does one of your listeners block? Curator calls them one at a time. On a busy machine,"
                            + " run the grade again.", outcome.suspendedAfterMillis(), outcome.heard(),
                            outcome.heard().contains(ConnectionState.LOST) ? "it had said LOST already"
                                    : "not every listener had heard SUSPENDED")
                    .isTrue();
            assertThat(audit.oversold())
                    .withFailMessage("Seat A1 was sold twice, to %s. Alice was cut off from ZooKeeper while she paid;"
                            + " the server expired her session and deleted her lock znode, and Bob took the lock and"
                            + " bought A1. Alice's client said SUSPENDED %,d ms after the cut, and she went on: her lock"
                            + " still said it held A1, and she confirmed it too. Curator says LOST only once a whole"
                            + " session has passed since SUSPENDED, long after the server gave the lock away. Treat"
                            + " SUSPENDED as lost.", String.join(" and ", audit.buyersPerSeat().getOrDefault("A1",
                                    List.of())), outcome.suspendedAfterMillis())
                    .isZero();
            assertNoConfirmationBy("Alice", outcome.history(), "after she was cut off");
            assertThat(outcome.bob())
                    .withFailMessage("Alice's session expired and ZooKeeper deleted what it owned, yet Bob was told '%s'"
                            + " within %d s instead of getting A1.", outcome.bob(), Timing.forPromptEvent().toSeconds())
                    .isEqualTo(Answer.booked("A1"));
            assertThat(outcome.alice())
                    .withFailMessage("Alice's client had told its listeners SUSPENDED, and her lock znode was gone with"
                            + " her session, but %s. She must be told the booking failed, and must not confirm A1.",
                            outcome.alice() == null ? "she had no answer " + Timing.forPromptEvent().toSeconds()
                                    + " s after her client could reach ZooKeeper again" : "she was told '"
                                    + outcome.alice() + "'")
                    .isInstanceOf(Answer.Failed.class);
            report.publishEntry("cut", String.format(Locale.ROOT, "Alice's client told its listeners SUSPENDED %,d ms"
                    + " after the cut (it heard %s by the time she went on).", outcome.suspendedAfterMillis(),
                    outcome.heard()));
        }

        @Test
        @DisplayName("Alice is cut off while she pays, for less than her session (SUSPENDED, then RECONNECTED): A1 is sold once, and her release lets Bob have the lock")
        void aShortCutEndsWithTheLockLetGo(TestReporter report) throws Exception {
            CutWhilePaying.Outcome outcome = CutWhilePaying.withinHerSession(CODE, SEAM, zooKeeper.connectString(),
                    observer());
            AuditReport audit = outcome.audit();

            assertThat(outcome.alicePaying())
                    .withFailMessage("Inconclusive: Alice never got as far as paying for A1 with Bob waiting behind her"
                            + " in A1's queue, so the cut could not land there. She was told: %s", outcome.alice())
                    .isTrue();
            assertSessionShortEnoughToNoticeACut(outcome.sessionMillis());
            assertThat(outcome.landed())
                    .withFailMessage("Inconclusive: the cut was meant to end within Alice's session, but her client told"
                            + " %s, or came back with another session, or her lock znode was gone by then, so this was"
                            + " not a short cut.", outcome.heard())
                    .isTrue();
            assertThat(audit.oversold())
                    .withFailMessage("Seat A1 was sold twice, to %s, after a cut that Alice's session survived.",
                            String.join(" and ", audit.buyersPerSeat().getOrDefault("A1", List.of())))
                    .isZero();
            assertThat(outcome.alice())
                    .withFailMessage("After the short cut Alice had no answer within %d s.",
                            Timing.forPromptEvent().toSeconds())
                    .isNotNull();
            assertThat(outcome.bob())
                    .withFailMessage("Alice's client said SUSPENDED, then RECONNECTED with the same session, and she"
                            + " was told '%s'. Bob, waiting behind her in A1's queue, %s %d s later: her lock znode"
                            + " outlived her attempt (A1's queue: %s). Her session lives on, so nobody will delete it"
                            + " but her own release: an attempt that has stopped trusting its lock must still let go"
                            + " of it.", outcome.alice(), outcome.bob() == null ? "still had no answer" : "was told '"
                                    + outcome.bob() + "'", Timing.forPromptEvent().toSeconds(), outcome.leftOver())
                    .isEqualTo(outcome.alice() instanceof Answer.Booked ? Answer.taken("A1") : Answer.booked("A1"));
            assertThat(audit.sold())
                    .withFailMessage("A1 was not sold: Alice was told '%s' and Bob '%s'.", outcome.alice(), outcome.bob())
                    .isEqualTo(1);
            assertThat(outcome.leftOver())
                    .withFailMessage("Alice and Bob had both answered, and A1's queue still held %s.", outcome.leftOver())
                    .isEmpty();
            report.publishEntry("short cut", String.format(Locale.ROOT, "SUSPENDED %,d ms after the cut, then"
                    + " RECONNECTED with the same session; Alice was told '%s', Bob '%s'.",
                    outcome.suspendedAfterMillis(), outcome.alice(), outcome.bob()));
        }

        @Test
        @DisplayName("Node Alpha's attempts give back what they took from its client, whatever happened: a grant, a wait that ran out, a release that could not reach ZooKeeper")
        void attemptsLeaveNoListenerBehind() throws Exception {
            try (ZooKeeperPartition partition = ZooKeeperPartition.of(zooKeeper.connectString());
                 Nodes nodes = nodes(); BuyerThread alphaThread = BuyerThread.of("Alpha");
                 BuyerThread betaThread = BuyerThread.of("Beta")) {
                CuratorConnection alpha = nodes.open("Alpha", partition.connectString());
                CuratorConnection beta = nodes.open("Beta");
                int atStart = listenersOf(alpha);

                DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                boolean aliceHeld = alphaThread.acquire(alice, WAIT).awaitPromptly();
                alphaThread.release(alice).awaitPromptly();
                int afterAGrant = listenersOf(alpha);

                DistributedLock bob = SEAM.lock(beta, "Beta", "Bob", "A1");
                boolean bobHolds = betaThread.acquire(bob, WAIT).awaitPromptly();
                DistributedLock carol = SEAM.lock(alpha, "Alpha", "Carol", "A1");
                BuyerThread.Call<Boolean> carolAsks = alphaThread.acquire(carol, SHORT_WAIT);
                boolean carolWasTurnedAway = carolAsks.awaitPromptly() && !carolAsks.returnedTrue();
                alphaThread.release(carol).awaitPromptly();
                int afterAWaitRanOut = listenersOf(alpha);
                betaThread.release(bob).awaitPromptly();

                DistributedLock dave = SEAM.lock(alpha, "Alpha", "Dave", "A1");
                BuyerThread.Call<Boolean> daveTakes = alphaThread.acquire(dave, WAIT);
                boolean daveHolds = daveTakes.awaitPromptly() && daveTakes.returnedTrue();
                BuyerThread.Call<Boolean> daveReleases = null;
                if (daveHolds) {
                    // To node Alpha, ZooKeeper is down: every try of Curator's release fails at once, so the release
                    // ends after the lab's own retries (a silent cut would make it wait out the session as well).
                    partition.refuse();
                    daveReleases = alphaThread.release(dave);
                    daveReleases.awaitDone(ZOOKEEPER_GONE_LIMIT);
                }
                partition.restore();
                boolean daveReleased = daveReleases != null && daveReleases.awaitPromptly();
                int afterAReleaseCutOff = listenersOf(alpha);

                if (!carolAsks.isDone()) {
                    throw HintedFailure.pointingAt(1, "Inconclusive: Carol was willing to wait " + SHORT_WAIT.toMillis()
                            + " ms for A1, which Bob held, and her acquire() " + carolAsks.describe() + " "
                            + Timing.forPromptEvent().toSeconds() + " s later, so there was no attempt that ran out of"
                            + " time. Take the deadline of task 1 first.");
                }

                assertThat(atStart)
                        .withFailMessage("Inconclusive: node Alpha's Curator client does not say how many"
                                + " connection-state listeners it has (its listenable is a %s).",
                                alpha.curator().getConnectionStateListenable().getClass().getName())
                        .isNotNegative();
                assertThat(aliceHeld && bobHolds && carolWasTurnedAway && daveHolds && daveReleased)
                        .withFailMessage("Inconclusive: the attempts did not go as planned (Alice granted: %s; Bob"
                                + " granted: %s; Carol turned away after %d ms: %s, her acquire %s; Dave granted: %s;"
                                + " his release under the cut ended: %s).", aliceHeld, bobHolds, SHORT_WAIT.toMillis(),
                                carolWasTurnedAway, carolAsks.describe(), daveHolds, daveReleased)
                        .isTrue();
                assertThat(afterAGrant - atStart)
                        .withFailMessage("Alice took A1 and let it go, and node Alpha's client had %d more"
                                + " connection-state listeners than before: her attempt's listener stayed. Every buyer"
                                + " would add one, each kept alive and called on every change of the connection, for as"
                                + " long as the node runs.", afterAGrant - atStart)
                        .isZero();
                assertThat(afterAWaitRanOut - afterAGrant)
                        .withFailMessage("Carol's wait for A1 ran out (her acquire said no), and node Alpha's client"
                                + " kept %d more connection-state listeners: an attempt that did not get the lock must"
                                + " give back its listener too.", afterAWaitRanOut - afterAGrant)
                        .isZero();
                assertThat(afterAReleaseCutOff - afterAWaitRanOut)
                        .withFailMessage("Dave's release could not reach ZooKeeper (node Alpha was cut off; it %s), and"
                                + " his attempt's listener stayed on the client: %d more than before. Whatever"
                                + " Curator's release does, throw included, the listener must go: remove it in a"
                                + " finally.", daveReleases == null ? "never ran" : daveReleases.describe(),
                                afterAReleaseCutOff - afterAWaitRanOut)
                        .isZero();
            }
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Re-entrant per thread, and only per thread")
    class ReentrantPerThread {

        @Test
        @DisplayName("A buyer's nested step takes A1 again on the same thread at once, and A1 stays hers until her outer step lets go")
        void aNestedStepTakesTheLockAgain() throws Exception {
            try (Nodes nodes = nodes(); BuyerThread aliceThread = BuyerThread.of("Alice");
                 BuyerThread bobThread = BuyerThread.of("Bob")) {
                CuratorConnection alpha = nodes.open("Alpha");
                DistributedLock outer = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                DistributedLock nested = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                DistributedLock bob = SEAM.lock(nodes.open("Beta"), "Beta", "Bob", "A1");
                BuyerThread.Call<Boolean> outerTakes = aliceThread.acquire(outer, WAIT);
                boolean outerHolds = outerTakes.awaitPromptly() && outerTakes.returnedTrue();
                BuyerThread.Call<Boolean> nestedTakes = aliceThread.acquire(nested, Duration.ZERO);
                boolean nestedAnswered = nestedTakes.awaitPromptly();
                List<LockQueue.Place> whileBothHold = LockQueue.of(observer(), A1);
                BuyerThread.Call<Boolean> bobWaits = bobThread.acquire(bob, WAIT);
                boolean bobQueued = LockQueue.awaitSize(observer(), A1, whileBothHold.size() + 1, Timing.forPromptEvent());
                boolean nestedReleased = nestedTakes.returnedTrue()
                        && aliceThread.release(nested).awaitPromptly();
                BuyerThread.Call<Boolean> outerStillHolds = aliceThread.isHeld(outer);
                outerStillHolds.awaitPromptly();
                boolean bobGotItTooSoon = bobWaits.awaitDone(Timing.quietPeriod()) && bobWaits.returnedTrue();
                aliceThread.release(outer).awaitPromptly();
                boolean bobGotIt = bobWaits.awaitPromptly() && bobWaits.returnedTrue();
                if (bobGotIt) {
                    bobThread.release(bob).awaitPromptly();
                }

                assertThat(outerHolds)
                        .withFailMessage("Inconclusive: Alice, alone, asked for A1 and her acquire() %s.",
                                outerTakes.describe())
                        .isTrue();
                assertThat(nestedAnswered && nestedTakes.returnedTrue())
                        .withFailMessage("Alice holds A1. A nested step of hers, on the same thread, asked for A1 again"
                                + " with no time to wait (re-entry needs none), and its acquire() %s. It queued behind"
                                + " Alice's own outer step, which will not let go before the nested step is done: given"
                                + " time, it would wait for itself. Curator's mutex is re-entrant for the thread that"
                                + " holds it, but only through the same mutex object: the node's buyers must share one"
                                + " mutex per seat. (A mutex that is not re-entrant at all waits for itself too.)",
                                nestedTakes.describe())
                        .isTrue();
                assertThat(whileBothHold)
                        .withFailMessage("While Alice's outer and nested steps both held A1, its queue held %d znodes"
                                + " (%s): a re-entry creates none, it only counts.", whileBothHold.size(), whileBothHold)
                        .hasSize(1);
                assertThat(nestedReleased && outerStillHolds.returnedTrue() && !bobGotItTooSoon)
                        .withFailMessage("Alice's nested step let go of A1 and her outer step still worked under it, but"
                                + " %s. One release undoes one acquire: the lock is let go when the outermost step"
                                + " releases it.", !nestedReleased ? "the nested release did not return in time"
                                        : bobGotItTooSoon ? "Bob, waiting on node Beta, got A1 at once: two holders"
                                        : "her outer step's isHeld() " + outerStillHolds.describe())
                        .isTrue();
                assertThat(bobQueued)
                        .withFailMessage("Inconclusive: Bob's znode never appeared in A1's queue while Alice held it.")
                        .isTrue();
                assertThat(bobGotIt)
                        .withFailMessage("Alice's outer step let go of A1, and Bob, waiting, %s %d s later.",
                                bobWaits.isDone() ? "had his acquire() end: it " + bobWaits.describe()
                                        : "still waited", Timing.forPromptEvent().toSeconds())
                        .isTrue();
            }
        }

        @Test
        @DisplayName("Two buyers on two threads of one node: while Alice holds A1, Bob waits, and gets it only after her")
        void twoThreadsOfOneNodeNeverBothHold() throws Exception {
            History history = new History();
            try (Nodes nodes = nodes(); BuyerThread aliceThread = BuyerThread.of("Alice");
                 BuyerThread bobThread = BuyerThread.of("Bob")) {
                CuratorConnection alpha = nodes.open("Alpha");
                DistributedLock alice = SEAM.reportedLock(alpha, "Alpha", "Alice", "A1", history);
                DistributedLock bob = SEAM.reportedLock(alpha, "Alpha", "Bob", "A1", history);
                BuyerThread.Call<Boolean> aliceTakes = aliceThread.acquire(alice, WAIT);
                boolean aliceHolds = aliceTakes.awaitPromptly() && aliceTakes.returnedTrue();
                BuyerThread.Call<Boolean> bobWaits = bobThread.acquire(bob, WAIT);
                boolean bobQueued = LockQueue.awaitSize(observer(), A1, 2, Timing.forPromptEvent());
                boolean bobGotItWhileAliceHeld = bobWaits.awaitDone(Timing.quietPeriod()) && bobWaits.returnedTrue();
                aliceThread.release(alice).awaitPromptly();
                boolean bobGotIt = bobWaits.awaitPromptly() && bobWaits.returnedTrue();
                if (bobGotIt) {
                    bobThread.release(bob).awaitPromptly();
                }

                assertThat(aliceHolds)
                        .withFailMessage("Inconclusive: Alice, alone, asked for A1 and her acquire() %s.",
                                aliceTakes.describe())
                        .isTrue();
                assertThat(bobGotItWhileAliceHeld)
                        .withFailMessage("Alice held A1 on one thread of node Alpha, and Bob, on another thread of the"
                                + " same node, got it too, at once: two holders (%s). Re-entrancy is for the thread that"
                                + " holds the lock, never for the node: asking whether the node holds it says nothing"
                                + " about this buyer.", history.overlaps().stream().findFirst()
                                        .map(Object::toString).orElse("Bob's acquire() returned true"))
                        .isFalse();
                assertThat(history.overlaps())
                        .withFailMessage("Alice and Bob, two threads of node Alpha, held A1 at once: %s.",
                                history.overlaps())
                        .isEmpty();
                assertThat(bobQueued)
                        .withFailMessage("Inconclusive: Bob's znode never appeared in A1's queue behind Alice's (the"
                                + " queue: %s).", LockQueue.of(observer(), A1))
                        .isTrue();
                assertThat(bobGotIt)
                        .withFailMessage("Alice let go of A1, and Bob, waiting on another thread of her node, %s %d s"
                                + " later.", bobWaits.isDone() ? "had his acquire() end: it " + bobWaits.describe()
                                        : "still waited", Timing.forPromptEvent().toSeconds())
                        .isTrue();
            }
        }
    }

    @Nested
    @Tag("task:4")
    @DisplayName("4. Give up in bounded time when ZooKeeper is away")
    class GiveUpInBoundedTime {

        @Test
        @DisplayName("ZooKeeper is not there when node Alpha starts: it says so within 15 s, with the sentence that says how to start one")
        void noZooKeeperAtStart(TestReporter report) throws Exception {
            String nowhere = "127.0.0.1:" + freePort();
            try (BuyerThread opener = BuyerThread.of("Alpha-opener")) {
                long started = System.nanoTime();
                BuyerThread.Call<CuratorConnection> opening = opener.start(() -> SEAM.connect("Alpha",
                        new Services(nowhere, null)));
                boolean ended = opening.awaitDone(NO_ZOOKEEPER_LIMIT);
                long tookMillis = (System.nanoTime() - started) / 1_000_000;
                String firstBuyer = opening.value().map(SeatLocksTest::whatTheFirstBuyerHears).orElse("");

                assertThat(ended)
                        .withFailMessage("With no ZooKeeper at %s, node Alpha's connect() was still trying %d s later."
                                + " A node that waits for ever for its first connection never tells anyone what is"
                                + " wrong: wait as long as your connection timeout, then give up.", nowhere,
                                NO_ZOOKEEPER_LIMIT.toSeconds())
                        .isTrue();
                assertThat(opening.value())
                        .withFailMessage("With no ZooKeeper at %s, node Alpha's connect() returned after %,d ms as if"
                                + " all were well, and then %s. Wait for the first connection, and fail when none comes"
                                + " in time.", nowhere, tookMillis, firstBuyer)
                        .isEmpty();
                assertThat(opening.failure())
                        .withFailMessage("With no ZooKeeper at %s, node Alpha's connect() threw %s. Say it with the"
                                + " toolkit's sentence instead, which tells whoever reads it how to start a ZooKeeper:"
                                + " throw a ZooKeeperUnavailableException.", nowhere,
                                opening.failure().map(Object::toString).orElse("nothing, and returned no node"))
                        .containsInstanceOf(ZooKeeperUnavailableException.class);
                assertThat(opening.failure().orElseThrow().getMessage())
                        .withFailMessage("Node Alpha's connect() said: '%s'. It must name the address it tried, %s.",
                                opening.failure().orElseThrow().getMessage(), nowhere)
                        .contains(nowhere);
                report.publishEntry("no ZooKeeper", String.format(Locale.ROOT, "connect() gave up after %,d ms: %s",
                        tookMillis, opening.failure().orElseThrow().getMessage()));
            }
        }

        @Test
        @DisplayName("ZooKeeper stops while Alice waits for A1: her acquire() gives up within 30 s instead of waiting for ever")
        void zooKeeperGoesAwayWhileAliceWaits(TestReporter report) throws Exception {
            try (EmbeddedZooKeeper own = EmbeddedZooKeeper.standalone().start();
                 Nodes nodes = new Nodes(SEAM, own.connectString());
                 BuyerThread aliceThread = BuyerThread.of("Alice"); BuyerThread bobThread = BuyerThread.of("Bob")) {
                ZooKeeper looking = ZooKeeperConnections.zooKeeper(own.connectString(), OBSERVER_SESSION, event -> { });
                DistributedLock bob = SEAM.lock(nodes.open("Beta"), "Beta", "Bob", "A1");
                DistributedLock alice = SEAM.lock(nodes.open("Alpha"), "Alpha", "Alice", "A1");
                BuyerThread.Call<Boolean> bobTakes = bobThread.acquire(bob, WAIT);
                boolean bobHolds = bobTakes.awaitPromptly() && bobTakes.returnedTrue();
                BuyerThread.Call<Boolean> aliceWaits = aliceThread.acquire(alice, WAIT);
                boolean aliceQueued = bobHolds && LockQueue.awaitSize(looking, A1, 2, Timing.forPromptEvent())
                        && !aliceWaits.isDone();
                ZooKeeperConnections.closeQuietly(looking);
                long stopped = System.nanoTime();
                if (aliceQueued) {
                    own.stop(0);
                }
                boolean gaveUp = aliceWaits.awaitDone(ZOOKEEPER_GONE_LIMIT);
                long tookMillis = (System.nanoTime() - stopped) / 1_000_000;

                assertThat(aliceQueued)
                        .withFailMessage("Inconclusive: Alice was not waiting behind Bob in A1's queue when ZooKeeper"
                                + " was to stop (Bob's acquire %s; Alice's %s).", bobTakes.describe(),
                                aliceWaits.describe())
                        .isTrue();
                assertThat(gaveUp)
                        .withFailMessage("ZooKeeper stopped while Alice waited for A1 (she was willing to wait %d s),"
                                + " and %d s later her acquire() was still waiting. With no ZooKeeper there is nothing"
                                + " to wait for: your retry policy must give up, so that she hears within seconds that"
                                + " the booking failed.", WAIT.toSeconds(), ZOOKEEPER_GONE_LIMIT.toSeconds())
                        .isTrue();
                assertThat(aliceWaits.returnedTrue())
                        .withFailMessage("ZooKeeper had stopped, and Alice's acquire() said she holds A1.")
                        .isFalse();
                report.publishEntry("ZooKeeper gone", String.format(Locale.ROOT, "Alice's acquire() ended %,d ms after"
                        + " ZooKeeper stopped: it %s", tookMillis, aliceWaits.describe()));
            }
        }

        @Test
        @DisplayName("Node Alpha falls silent while Alice holds A1: Bob, waiting, gets A1 within 15 s")
        void aSilentNodesLockComesBack(TestReporter report) throws Exception {
            try (ZooKeeperPartition partition = ZooKeeperPartition.of(zooKeeper.connectString());
                 Nodes nodes = nodes(); BuyerThread aliceThread = BuyerThread.of("Alice");
                 BuyerThread bobThread = BuyerThread.of("Bob")) {
                CuratorConnection alpha = nodes.open("Alpha", partition.connectString());
                DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                DistributedLock bob = SEAM.lock(nodes.open("Beta"), "Beta", "Bob", "A1");
                BuyerThread.Call<Boolean> aliceTakes = aliceThread.acquire(alice, WAIT);
                boolean aliceHolds = aliceTakes.awaitPromptly() && aliceTakes.returnedTrue();
                BuyerThread.Call<Boolean> bobWaits = bobThread.acquire(bob, WAIT);
                boolean bobQueued = aliceHolds && LockQueue.awaitSize(observer(), A1, 2, Timing.forPromptEvent());
                int sessionMillis = alpha.curator().getZookeeperClient().getZooKeeper().getSessionTimeout();
                long cut = System.nanoTime();
                if (bobQueued) {
                    partition.cut();
                }
                boolean bobGotIt = bobQueued && bobWaits.awaitDone(SILENT_NODE_LIMIT) && bobWaits.returnedTrue();
                long handoffMillis = (System.nanoTime() - cut) / 1_000_000;
                String bobAtTheLimit = bobWaits.isDone() ? "had his acquire() end: it " + bobWaits.describe()
                        : "still had not got it";
                partition.restore();
                if (bobGotIt) {
                    bobThread.release(bob).awaitPromptly();
                }
                aliceThread.release(alice); // it may throw once her session is gone; nobody waits for it

                assertThat(bobQueued)
                        .withFailMessage("Inconclusive: Bob was not waiting behind Alice in A1's queue when node Alpha"
                                + " was to fall silent (Alice's acquire %s).", aliceTakes.describe())
                        .isTrue();
                assertThat(bobGotIt)
                        .withFailMessage("Node Alpha fell silent (cut off from ZooKeeper) while Alice held A1, and %d s"
                                + " later Bob, waiting, %s. ZooKeeper keeps a silent node's session, and with it the"
                                + " node's locks, for the whole session timeout: %,d ms for node Alpha's client. A node"
                                + " that crashes would block its seats as long. Choose a session of a few seconds.",
                                SILENT_NODE_LIMIT.toSeconds(), bobAtTheLimit, sessionMillis)
                        .isTrue();
                report.publishEntry("silent node", String.format(Locale.ROOT, "Bob got A1 %,d ms after node Alpha fell"
                        + " silent (its session timeout: %,d ms).", handoffMillis, sessionMillis));
            }
        }
    }

    /** What happens to the first buyer of a node that opened with no ZooKeeper there, in words for a message. */
    private static String whatTheFirstBuyerHears(CuratorConnection opened) {
        try (BuyerThread buyer = BuyerThread.of("Alice")) {
            DistributedLock alice = SEAM.lock(opened, "Alpha", "Alice", "A1");
            BuyerThread.Call<Boolean> asking = buyer.acquire(alice, Duration.ofSeconds(1));
            boolean answered = asking.awaitPromptly();
            return "the first buyer's acquire() (1 s to wait) " + (answered ? asking.describe()
                    : "was still waiting " + Timing.forPromptEvent().toSeconds() + " s later");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "the grader was interrupted";
        } finally {
            try {
                opened.close();
            } catch (Exception e) {
                // Safe to ignore: nothing answered there, so the client holds nothing.
            }
        }
    }

    /**
     * The verdict on a race without faults: the seat database's (the toolkit's rules of a correct sale), the recorded
     * history's (no two holders of one lock at once, by the buyers' own steps), and ZooKeeper's (no lock znode left).
     */
    private static void assertEachSeatSoldOnceToOneHolderAtATime(RaceResult race) throws Exception {
        List<History.Overlap> overlaps = race.history().overlaps();
        RaceVerdict verdict = race.verdict();
        assertThat(overlaps)
                .withFailMessage("Two buyers held one seat's lock at once, %d times; the first: %s. %s", overlaps.size(),
                        overlaps.isEmpty() ? "" : overlaps.get(0), verdict.correct()
                                ? "No seat was sold twice, but only by luck." : "The seat database: " + verdict.sentence())
                .isEmpty();
        assertThat(verdict.correct())
                .withFailMessage("The seat database: %s", verdict.sentence())
                .isTrue();
        for (String seat : seatFolders()) {
            List<LockQueue.Place> leftOver = LockQueue.of(observer(), LOCKS + "/" + seat);
            assertThat(leftOver)
                    .withFailMessage("After the race, when every node had closed its client, the queue of %s still held"
                            + " %s.", seat, leftOver)
                    .isEmpty();
        }
    }

    /**
     * Runs a race of {@code setup} against the grader's ZooKeeper; if its buyers stop making progress, fails with the
     * race's account of who waits where. A lock znode that nobody holds by the history is an acquire that was never
     * balanced by a release (task 1).
     */
    private static RaceResult race(RaceSetup setup) throws Exception {
        try {
            return Race.run(setup.services(services()));
        } catch (RaceStalledException stalled) {
            throw HintedFailure.pointingAt(1, stalled.getMessage() + (stalled.lockLeftHeld()
                    ? " A lock znode that outlives its buyer blocks every buyer behind it: does every acquire that got"
                            + " the lock meet exactly one release, on the same thread?" : ""));
        }
    }

    private static void assertNoConfirmationBy(String buyer, History history, String when) {
        List<StepEvent> confirmations = history.events().stream()
                .filter(event -> event.buyer().equals(buyer) && event.step() == Step.SEAT_CONFIRMED).toList();
        assertThat(confirmations)
                .withFailMessage("The history shows %s confirming A1 %s: %s.", buyer, when, confirmations)
                .isEmpty();
    }

    /**
     * A cut lands where the mistakes of task 2 live only if the client notices it within the check's budget: after two
     * thirds of its session. A session chosen in task 4 does; Curator's default of 60 s does not.
     */
    private static void assertSessionShortEnoughToNoticeACut(int sessionMillis) {
        long noticedAfterMillis = sessionMillis * 2L / 3;
        if (noticedAfterMillis >= Timing.forPromptEvent().toMillis()) {
            throw HintedFailure.pointingAt(4, String.format(Locale.ROOT, "Inconclusive: node Alpha's client has a"
                    + " session of %,d ms, so it notices that its connection is cut only after two thirds of it, about"
                    + " %,d ms: longer than this check waits (%d s). Choose the session of task 4 first; then this"
                    + " check can land its cut.", sessionMillis, noticedAfterMillis, Timing.forPromptEvent().toSeconds()));
        }
    }

    /** How many connection-state listeners {@code node}'s client has; -1 if it does not say. */
    private static int listenersOf(CuratorConnection node) {
        Listenable<ConnectionStateListener> listenable = node.curator().getConnectionStateListenable();
        return listenable instanceof ListenerManager<?, ?> manager ? manager.size() : -1;
    }

    private static long sessionOf(CuratorConnection node) throws Exception {
        return node.curator().getZookeeperClient().getZooKeeper().getSessionId();
    }

    /** The seats that have a queue folder under the lab's lock root. */
    private static List<String> seatFolders() throws KeeperException, InterruptedException {
        try {
            return observer().getChildren(LOCKS, false);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    /** A port on which nothing listens: taken from the system, then let go. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Nodes nodes() {
        return new Nodes(SEAM, zooKeeper.connectString());
    }

    private static Services services() {
        return new Services(zooKeeper.connectString(), null);
    }

    /** The grader's own session, opened again if it has ended. */
    private static ZooKeeper observer() {
        if (observer == null || !observer.getState().isAlive()) {
            observer = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), OBSERVER_SESSION, event -> { });
        }
        return observer;
    }
}
