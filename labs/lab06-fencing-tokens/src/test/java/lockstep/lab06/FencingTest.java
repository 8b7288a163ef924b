package lockstep.lab06;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.StaleWrites;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.faults.ChildJvm;
import lockstep.workshop.grading.Grader;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.grading.HintedFailure;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The grader of Lab 06. It judges at the resources: what the payment provider and the seat database took and refused,
 * never what a holder believed. It starts its own ZooKeeper on a free port, and a lock server of its own for each check
 * that needs one. Tokens are judged on both lock services; the stale holders are made by faults placed at a named
 * step: a lease ended on the server's clock, a session expired on the server, a node process frozen with SIGSTOP, a
 * check paused in the middle. A fault that did not land between a holder's last look at its lock and its write makes
 * the check inconclusive, never passed.
 */
@Grader
@DisplayName("Lab 06 · Fencing tokens")
class FencingTest {

    private static final Implementation CODE = Implementation.of(Lab06.class);
    /** The learner's code on ZooKeeper (Curator's mutex), reached only through the lab's seam. */
    private static final LockSeam<CuratorFramework> ON_ZOOKEEPER = LockSeam.of(CODE, CuratorFramework.class);
    /** The same code on Lab 02's lock server. */
    private static final Implementation ON_LOCK_SERVER_CODE = Implementation.of(CODE.lab(), Lab06OnLockServer.class);
    private static final LockSeam<LockServerClient> ON_LOCK_SERVER = LockSeam.of(ON_LOCK_SERVER_CODE,
            LockServerClient.class);
    private static final int GRANTS = 10;

    private static EmbeddedZooKeeper zooKeeper;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        zooKeeper = EmbeddedZooKeeper.standalone().start();
    }

    @AfterAll
    static void stopZooKeeper() {
        if (zooKeeper != null) {
            zooKeeper.close();
        }
    }

    @Nested
    @Tag("task:1")
    @DisplayName("1. Hand out a token that only grows")
    class ATokenThatOnlyGrows {

        @Test
        @DisplayName("Ten grants of A1's lock on the lock server, on two nodes in turn: each token is larger than the one before")
        void growsOnTheLockServer() throws Exception {
            List<Grants.Grant> grants;
            try (GraderLockServer server = GraderLockServer.withManualClock();
                 Grants<LockServerClient> taken = Grants.on(ON_LOCK_SERVER, server.services())) {
                grants = taken.take(GRANTS);
            }

            assertGrowing(grants, "the lock server", "Every grant of the lock server carries a number from one counter"
                    + " it keeps on disk; the holder token beside it is random, and the expiry is a time, the same for"
                    + " two grants in one millisecond (here the server's clock stood still).");
        }

        @Test
        @DisplayName("Ten grants of A1's lock on ZooKeeper, on two nodes in turn: each token is larger than the one before")
        void growsOnZooKeeper() throws Exception {
            List<Grants.Grant> grants;
            try (Grants<CuratorFramework> taken = Grants.on(ON_ZOOKEEPER, zooKeeperServices())) {
                grants = taken.take(GRANTS);
            }

            assertGrowing(grants, "ZooKeeper", "Each holder has a lock node of its own, made when it asked for the"
                    + " lock; the folder above them is the same for every holder.");
        }

        @Test
        @DisplayName("A node in another process, granted A1's lock after three grants here, gets a larger token than all three")
        void growsAcrossProcesses() throws Exception {
            List<Grants.Grant> here;
            String line;
            try (Grants<CuratorFramework> taken = Grants.on(ON_ZOOKEEPER, zooKeeperServices())) {
                here = taken.take(3);
            }
            try (ChildJvm elsewhere = ChildJvm.start(CODE.processClassPath(), GrantInAnotherProcess.class,
                    zooKeeper.connectString())) {
                line = elsewhere.awaitLineStartingWith(GrantInAnotherProcess.TOKEN, Timing.forChildJvm());
            }
            String token = line.substring(GrantInAnotherProcess.TOKEN.length());
            Grants.Grant last = here.get(here.size() - 1);
            boolean larger = !token.equals("none") && last.token().isPresent()
                    && Long.parseLong(token) > last.token().getAsLong();

            assertThat(larger)
                    .withFailMessage("Three grants of A1's lock in the grader's JVM carried %s; then a node in a JVM of"
                            + " its own was granted the lock and its token was %s. Each node of a race is a process of"
                            + " its own, as on ten servers: a number counted inside one process means nothing in"
                            + " another. Take the token from the lock service, which every node shares.", here, token)
                    .isTrue();
        }

        @Test
        @DisplayName("Tokens keep growing when the lock server is killed (SIGKILL) and started again")
        void growsAcrossALockServerRestart() throws Exception {
            KilledLockServer.Outcome outcome = KilledLockServer.run(ON_LOCK_SERVER);
            List<Grants.Grant> all = new ArrayList<>(outcome.before());
            all.addAll(outcome.after());

            assertGrowing(all, "the lock server, killed with SIGKILL after grant 3 and started again on its data",
                    "A token must come from what the server keeps on disk, so that a restart cannot count it down.");
        }

        @Test
        @DisplayName("Tokens keep growing when A1's lock folder in ZooKeeper is removed and made again")
        void growsAcrossANewLockFolder() throws Exception {
            List<Grants.Grant> all = new ArrayList<>();
            try (Grants<CuratorFramework> taken = Grants.on(ON_ZOOKEEPER, zooKeeperServices());
                 CuratorFramework observer = ZooKeeperConnections.curator(zooKeeper.connectString(),
                         Lab06.SESSION_TIMEOUT)) {
                all.addAll(taken.take(3));
                // Empty now: every grant was let go. The next acquire makes the folder again.
                observer.delete().deletingChildrenIfNeeded().forPath(ON_ZOOKEEPER.lockName("A1"));
                all.addAll(taken.take(3));
            }

            assertGrowing(all, "ZooKeeper, whose folder " + ON_ZOOKEEPER.lockName("A1") + " was removed after grant 3"
                    + " and made again by grant 4", "ZooKeeper numbers the children of a new folder from 0 again;"
                    + " the zxid of the transaction that made a node only ever grows, whatever folder it is in.");
        }

        private static void assertGrowing(List<Grants.Grant> grants, String where, String why) {
            String outOfOrder = Grants.firstOutOfOrder(grants);
            if (outOfOrder != null) {
                fail("%d grants of A1's lock, one after the other on %s: %s. All of them: %s. A resource keeps the"
                        + " highest token it has taken and refuses a lower one, so a token that does not grow with"
                        + " every grant lets an old holder in, or shuts the newest one out. %s", grants.size(), where,
                        outOfOrder, grants, why);
            }
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Refuse a stale write at the resource")
    class RefuseAStaleWrite {

        @Test
        @DisplayName("Alice, whose lease ran out as she began to pay, is not charged once Bob has bought A1")
        void aLateChargeIsRefused() throws Exception {
            StaleHolder.Outcome scene = StaleHolder.leaseEndsAsSheStartsToPay(ON_LOCK_SERVER_CODE);

            assertStaleWriteRefused(scene, "Alice (node Alpha) held A1's lock on the lock server, checked that it was"
                    + " still hers, and began to pay. Right then her lease ended on the server, and Bob (node Beta) got"
                    + " the lock and bought A1.", "her charge");
            assertThat(scene.audit().chargedWithoutSeat())
                    .withFailMessage("Alice paid for a seat she did not get, though the payment provider refused her"
                            + " token: %s", scene.audit().chargedBuyers())
                    .isZero();
        }

        @Test
        @DisplayName("Alice, whose session expired after she paid, cannot confirm A1 once Bob has bought it")
        void aLateConfirmationIsRefused() throws Exception {
            StaleHolder.Outcome scene = StaleHolder.sessionEndsAsSheConfirms(CODE, zooKeeper.connectString());

            assertStaleWriteRefused(scene, "Alice (node Alpha) held A1's lock on ZooKeeper, paid, checked that the"
                    + " lock was still hers, and was about to confirm. Right then her session expired on the server,"
                    + " her lock node went with it, and Bob (node Beta) got the lock and bought A1.",
                    "her confirmation");
            // Her charge went through while her lock was hers: a real shop refunds it. The seat is Bob's alone.
        }

        @Test
        @DisplayName("A token equal to the last one taken is refused from another holder, and taken from the same one")
        void anEqualTokenOnlyFromItsOwnHolder() throws Exception {
            Buyer alice = new Buyer("Alice", "A1");
            Buyer bob = new Buyer("Bob", "A1");
            try (Resources resources = Resources.open(fence(), 1)) {
                TicketCounter counter = resources.counter("Alpha");
                boolean alicesFirst = resources.confirm(counter, alice, 7);
                boolean bobsEqual = resources.confirm(counter, bob, 7);
                boolean alicesSecond = resources.confirm(counter, alice, 7);

                assertThat(alicesFirst)
                        .withFailMessage("The seat database had taken no token for A1 yet, and refused Alice's"
                                + " confirmation with token 7.")
                        .isTrue();
                assertThat(bobsEqual)
                        .withFailMessage("The seat database took Alice's confirmation of A1 with token 7, then took"
                                + " Bob's with the same token 7. Two holders with one token cannot be told apart, so at"
                                + " least one of them holds a lock that is no longer theirs: only the holder of the"
                                + " highest token may write with it.")
                        .isFalse();
                assertThat(alicesSecond)
                        .withFailMessage("The seat database took Alice's confirmation of A1 with token 7, then"
                                + " refused her second write with the same token 7, from the same grant. A holder may"
                                + " write more than once while its lock is its own; refuse an equal token only from"
                                + " another holder.")
                        .isTrue();
            }
        }

        @Test
        @DisplayName("Each seat keeps its own highest token: Bob's newer token on A2 does not shut Alice out of A1")
        void eachSeatHasItsOwnToken() throws Exception {
            try (Resources resources = Resources.open(fence(), 2)) {
                TicketCounter counter = resources.counter("Alpha");
                boolean bobs = resources.confirm(counter, new Buyer("Bob", "A2"), 8);
                boolean alices = resources.confirm(counter, new Buyer("Alice", "A1"), 7);

                assertThat(bobs && alices)
                        .withFailMessage("Bob held A2's lock with token 8 and Alice held A1's with token 7, at the same"
                                + " time, as two locks allow. The seat database took Bob's confirmation of A2 (%s) and"
                                + " then %s Alice's of A1. A token orders the grants of one lock: compare it only with"
                                + " the tokens of the same seat.", bobs ? "took" : "refused",
                                alices ? "took" : "refused")
                        .isTrue();
            }
        }

        @Test
        @DisplayName("100 buyers on 5 node processes; the first to pay is frozen (SIGSTOP) past its session: its stale"
                + " charge is refused, A1 is sold once, and nobody pays for nothing")
        void aFrozenHoldersChargeIsRefused() throws Exception {
            FrozenHolder.Outcome outcome = FrozenHolder.run(CODE, zooKeeper.connectString());
            RaceResult race = outcome.race();
            AuditReport audit = race.audit();
            StaleWrites stale = audit.staleWrites();
            String frozen = race.fault().buyer() + " (on " + race.fault().node() + ")";

            if (!race.fault().fired()) {
                fail("Inconclusive: no buyer ever began to pay, so no holder could be frozen there. Buyers were told:"
                        + " %s", audit.failureReasons());
            }
            if (stale.attempted() == 0) {
                fail("Inconclusive: %s was frozen as it began to pay, but nothing it wrote after it woke up came after"
                        + " a newer holder's write (%s bought A1 %s), so no resource had anything stale to refuse."
                        + " Answers: %d booked, %d taken, %d failed, for example %s.", frozen,
                        outcome.nextHolder().map(StepEvent::buyer).orElse("nobody"),
                        outcome.nextHolder().isPresent() ? "after it" : "in the meantime", audit.booked(),
                        audit.taken(), audit.failed(), audit.failureReasons());
            }
            String story = frozen + " held A1's lock, checked that it was still its own, and began to pay. Its node"
                    + " froze for " + race.fault().fault().pause().toSeconds() + " s, past its "
                    + Lab06.SESSION_TIMEOUT.toSeconds() + " s ZooKeeper session: the session expired, its lock node"
                    + " went, and " + outcome.nextHolder().map(StepEvent::buyer).orElse("the next buyer")
                    + " got the lock and bought A1. When the node woke up, ";
            if (stale.accepted() > 0) {
                throw failureAboutTokens(stale, story + "the resources took " + stale.accepted() + " stale write(s): "
                        + String.join(", ", stale.examples()) + ". Its isHeld() had said yes just before it froze,"
                        + " and a frozen process can ask nothing.");
            }
            assertThat(audit.oversold())
                    .withFailMessage("%sno stale write was taken, yet A1 was sold %d times too many: %s.", story,
                            audit.oversold(), audit.worstSeat())
                    .isZero();
            assertThat(audit.sold()).withFailMessage("%sA1 was sold %d times (expected once). Buyers were told: %s",
                    story, audit.sold(), audit.failureReasons()).isEqualTo(1);
            assertThat(audit.chargedWithoutSeat())
                    .withFailMessage("%s%d buyer(s) paid for no seat: %s.", story, audit.chargedWithoutSeat(),
                            audit.chargedBuyers())
                    .isZero();
        }

        private static void assertStaleWriteRefused(StaleHolder.Outcome scene, String story, String herWrite) {
            if (!scene.stoppedThere()) {
                fail("Inconclusive: Alice never came to %s: she was told '%s'. %s", herWrite, scene.alice(), story);
            }
            if (!(scene.bob() instanceof Answer.Booked)) {
                fail("Inconclusive: once Alice's lock had passed on, Bob was told '%s' instead of buying A1, so"
                        + " nothing newer than Alice's write reached the resources.", scene.bob());
            }
            StaleWrites stale = scene.audit().staleWrites();
            if (stale.accepted() > 0) {
                throw failureAboutTokens(stale, story + " Then Alice went on, and the resources took "
                        + String.join(", ", stale.examples()) + ", although Bob's grant was newer than hers.");
            }
            assertThat(stale.refused())
                    .withFailMessage("%s Then Alice went on, and %s was not refused: she was told '%s'.", story,
                            herWrite, scene.alice())
                    .isPositive();
            assertThat(scene.audit().oversold())
                    .withFailMessage("%s A1 was sold %d times too many.", story, scene.audit().oversold())
                    .isZero();
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Keep the highest token with the data, and check it in the write's own transaction")
    class DurableAndAtomic {

        @Test
        @DisplayName("The seat database still refuses Alice's older token after it restarts")
        void aRestartForgetsNothing() throws Exception {
            Buyer alice = new Buyer("Alice", "A1");
            Buyer bob = new Buyer("Bob", "A1");
            String answer;
            try (Resources resources = Resources.open(fence(), 1)) {
                boolean bobs = resources.confirm(resources.counter("Beta"), bob, 8);
                assertThat(bobs).withFailMessage("The seat database refused Bob's confirmation of A1 with token 8, the"
                        + " first token it was shown.").isTrue();
                resources.closeConnections();
                try (ChildJvm restarted = ChildJvm.start(CODE.processClassPath(), StaleWriteAfterRestart.class,
                        resources.database().url(), CODE.seamClassName(), alice.id(), alice.seat(), "7")) {
                    answer = restarted.awaitLineStartingWith(StaleWriteAfterRestart.ANSWER, Timing.forChildJvm());
                }
            }

            assertThat(answer)
                    .withFailMessage("The seat database took Bob's confirmation of A1 with token 8, and was"
                            + " restarted: every connection closed, the fence made anew in a new process. Then it took"
                            + " Alice's confirmation with token 7. What the fence knew was gone with the old process:"
                            + " keep the highest token in the database, in the table fence, where it outlives any"
                            + " process.")
                    .endsWith("refused");
        }

        @Test
        @DisplayName("Alice's check and her write are one step: paused between them, Bob's newer write waits for her")
        void checkAndWriteCannotBeSplit() throws Exception {
            for (SplitCheck.Point point : SplitCheck.Point.values()) {
                SplitCheck.Outcome outcome = SplitCheck.run(fence(), point);
                if (!outcome.stopped()) {
                    continue; // a check that sends no statement has no first statement to stop after
                }
                StaleWrites stale = outcome.audit().staleWrites();
                assertThat(stale.accepted())
                        .withFailMessage("Alice (token 7) sent her confirmation of A1, and stood still %s. Meanwhile"
                                + " Bob (token 8, a newer grant) sent his, and it %s. Then Alice went on, and the seat"
                                + " database took her token 7 after Bob's 8. Between her check and her write, the"
                                + " highest token must stay hers: check and raise it in one statement, or lock its"
                                + " row, inside the write's transaction, and never commit early.", point.words,
                                outcome.bobWaited() ? "waited for her" : "went through at once")
                        .isZero();
            }
        }
    }

    private static Fence fence() {
        return ON_ZOOKEEPER.fence().orElseThrow(() -> new IllegalStateException(
                "Lab06 puts no fence in front of the resources; its seam should give one"));
    }

    private static Services zooKeeperServices() {
        return new Services(zooKeeper.connectString(), null);
    }

    /**
     * A stale write was taken: the hint is task 1's when the holder showed no token at all, task 2's when it showed one
     * that the fence let through.
     */
    private static AssertionError failureAboutTokens(StaleWrites stale, String message) {
        boolean noToken = stale.examples().stream().anyMatch(example -> example.contains("(no fencing token)"));
        return noToken
                ? HintedFailure.pointingAt(1, message + " The stale writes carried no fencing token, so no resource"
                        + " could tell them from the newer holder's: hand out a token with every grant (task 1).")
                : HintedFailure.pointingAt(2, message + " The stale writes carried a token older than the newer"
                        + " holder's, and the resource took them all the same: refuse a token below the highest it"
                        + " has taken for the seat.");
    }
}
