package lockstep.lab02;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.Grader;
import lockstep.workshop.grading.History;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockClientStep;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The grader of Lab 02. Every check runs the lab's real booking code against a real lock server that the check
 * starts for itself. Races judge what the seat database and the lock server saw; most other checks move the lock
 * server's clock by hand ({@link lockstep.workshop.lockserver.table.ManualLockClock}), so a lease runs out exactly when the
 * check decides and never because the machine was slow. The long payment is the exception: there the holder's own
 * timing is what is judged, so the server's clock runs with real time, and a renewal every TTL / 3 has two thirds of
 * the TTL to spare.
 */
@Grader
@DisplayName("Lab 02 · The TTL lock server")
class SeatLockTest {

    @Nested
    @Tag("task:1")
    @DisplayName("1. Take the lock in one request, and wait your turn")
    class TakeTheLockInOneRequest {

        @Test
        @DisplayName("1,000 buyers on 10 nodes, 1 seat: exactly 1 is sold, and no two buyers hold the lock at once")
        void exactlyOneSoldAndNoOverlap() {
            Scenarios.ThousandBuyers race = Scenarios.thousandBuyers();
            List<History.Overlap> overlaps = race.history().overlaps();

            assertThat(overlaps)
                    .withFailMessage("Two buyers held the lock of seat-A1 at the same time, %d times; the first: %s."
                            + " The lease ran out while its holder was still working, and the lock server gave the"
                            + " lock to the next buyer in its queue. Choose a TTL well above what the work takes,"
                            + " and renew it while the work goes on.", overlaps.size(),
                            overlaps.isEmpty() ? "" : overlaps.get(0))
                    .isEmpty();
            assertExactlyOneSold(race.audit());
        }

        @Test
        @DisplayName("1,000 buyers on 10 nodes: the 999 who lose wait their turn and are told A1 is taken")
        void theLosersWaitAndHearTaken() {
            AuditReport audit = Scenarios.thousandBuyers().audit();

            assertThat(audit.failed())
                    .withFailMessage("%d of %d buyers were told 'failed' instead of 'taken', for example: %s."
                            + " A buyer who finds the lock taken should wait for it (acquire with maxWait, and the"
                            + " server queues the request), then find A1 sold and be told so.",
                            audit.failed(), audit.buyers(), audit.failureReasons())
                    .isZero();
            assertThat(audit.unanswered())
                    .withFailMessage("%d of %d buyers never got an answer.", audit.unanswered(), audit.buyers())
                    .isZero();
        }

        @Test
        @DisplayName("No buyer is turned away by the lock server: each waits in its queue, asking once")
        void buyersWaitInTheQueue() {
            Scenarios.ThousandBuyers race = Scenarios.thousandBuyers();
            long asked = race.count(Step.LOCK_ASKED);
            long denied = race.count(Step.LOCK_DENIED);

            assertThat(asked)
                    .withFailMessage("1,000 buyers asked for the lock %,d times: a loop that asks again and again"
                            + " keeps the server busy answering no. Ask once with maxWait, and the server answers"
                            + " the moment the lock is yours.", asked)
                    .isLessThanOrEqualTo(1000);
            assertThat(denied)
                    .withFailMessage("The lock server turned buyers away %,d times. setnx cannot wait: whoever finds the"
                            + " lock taken is denied at once. acquire with a maxWait queues the request instead.",
                            denied)
                    .isZero();
        }

        @Test
        @DisplayName("A node killed the moment it gets the lock does not keep seat A1 locked for ever")
        void aKilledHolderDoesNotKeepTheSeatLocked() {
            Scenarios.KilledHolder crash = Scenarios.killedHolder();

            if (!crash.fault().fired()) {
                fail("Inconclusive: no buyer ever got the lock, so no node could be killed while holding it (%s)."
                        + " Answers: %d booked, %d taken, %d failed, for example %s.", crash.fault(),
                        crash.audit().booked(), crash.audit().taken(), crash.audit().failed(),
                        crash.audit().failureReasons());
            }
            HeldLock leftBehind = crash.lockAfterTheRace().orElse(null);
            if (leftBehind != null && !leftBehind.expires()) {
                fail("Seat A1 is still locked by %s, with no expiry at all. %s was killed right after setnx gave it"
                        + " the lock and before expire gave the lock a TTL, so nothing will ever free it: %d buyers"
                        + " were turned away and nobody got the seat. Take the lock and its TTL in one request.",
                        leftBehind.owner(), crash.fault().node(), crash.audit().failed());
            }
            assertThat(leftBehind)
                    .withFailMessage("After the race a lock was still held on seat-A1, by %s: a lock must not"
                            + " outlive the buyers who took it.", leftBehind == null ? "" : leftBehind.owner())
                    .isNull();
            assertThat(crash.audit().sold())
                    .withFailMessage("%s was killed holding the lock, and its lease of %d ms then ran out on the"
                            + " server's clock, yet %d seats were sold (expected 1): the waiting buyers should have"
                            + " got the lock one after the other. Answers: %d taken, %d failed, for example %s.",
                            crash.fault().node(), crash.leaseMillisAtTheKill(), crash.audit().sold(),
                            crash.audit().taken(), crash.audit().failed(), crash.audit().failureReasons())
                    .isEqualTo(1);
            assertThat(crash.audit().oversold()).isZero();
        }

        @Test
        @DisplayName("A lock server restart in the middle of the race sells no seat twice")
        void aServerRestartSellsNoSeatTwice(TestReporter report) {
            Scenarios.ServerRestart restart = Scenarios.serverRestart();

            if (restart.heldBefore().isEmpty()) {
                fail("Inconclusive: the server was to be restarted while a buyer held seat-A1, but no buyer got the"
                        + " lock. Answers: %d booked, %d taken, %d failed, for example %s.",
                        restart.audit().booked(), restart.audit().taken(), restart.audit().failed(),
                        restart.audit().failureReasons());
            }
            HeldLock before = restart.heldBefore().get();
            // On a busy machine the restart can outlast the holder's lease; then the server was right to let it go,
            // and the holder right to stop. It stops when it next looks, which may be just after the next buyer's
            // grant: an overlap of the two in the history that a correct lock can show, as after any lease that ran
            // out. What must hold whatever the restart took is judged at the seat database: no seat sold twice.
            boolean leaseOutlivedTheRestart = before.expiresAtMillis() > restart.lookedAfterAtMillis();
            if (leaseOutlivedTheRestart) {
                assertThat(restart.heldAfter().map(HeldLock::fencingToken))
                        .withFailMessage("%s held seat-A1 (fencing token %d) when the lock server restarted, and after"
                                + " the restart the server showed %s. A lock server must keep its locks across a"
                                + " restart.", before.owner(), before.fencingToken(), restart.heldAfter())
                        .contains(before.fencingToken());
                assertThat(restart.history().overlaps())
                        .withFailMessage("Around the restart two buyers held seat-A1 at once: %s.",
                                restart.history().overlaps())
                        .isEmpty();
                assertExactlyOneSold(restart.audit());
            } else {
                assertNoSeatSoldTwice(restart.audit());
                report.publishEntry("restart", String.format(Locale.ROOT, "the lease of %s (fencing token %d) ran"
                        + " out while the server restarted (%,d ms before it was read back): judged only that no seat"
                        + " was sold twice, at the seat database and the payment provider", before.owner(),
                        before.fencingToken(), restart.lookedAfterAtMillis() - before.expiresAtMillis()));
            }
            assertThat(restart.audit().booked())
                    .withFailMessage("%d buyer(s) got a confirmation for A1 but %d were told 'booked'. When the"
                            + " server cannot be reached to release the lock, the sale has still happened: the"
                            + " lease runs out by itself. Failures: %s", restart.audit().sold(),
                            restart.audit().booked(), restart.audit().failureReasons())
                    .isEqualTo(restart.audit().sold());
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Release and renew only with the holder token")
    class OnlyTheHolderToken {

        @Test
        @DisplayName("Alice, whose lease ran out, cannot release the lock Bob took after her on her node")
        void aLapsedHolderCannotReleaseTheNextHoldersLock() {
            Scenarios.LeaseRanOut scene = Scenarios.leaseRanOut();
            scene.requireBothHeldTheLock();

            HeldLock bobs = scene.nextHoldersLock().orElseThrow();
            assertThat(scene.lockAfterAliceFinished().map(HeldLock::fencingToken))
                    .withFailMessage("Alice's lease had run out, and %s, on the same node, held seat-A1 (fencing"
                            + " token %d) and was paying. When Alice finished, that lock was gone: %s",
                            scene.nextBuyer(), bobs.fencingToken(),
                            howAliceFreedIt(scene.alicesRelease(), scene.nextBuyer(), bobs.owner()))
                    .contains(bobs.fencingToken());
        }

        @Test
        @DisplayName("Alice's release cannot free Bob's lock, even when her lease ends just before she sends it")
        void aLeaseThatEndsBeforeTheReleaseLeavesTheNextHoldersLock() {
            Scenarios.LeaseEndsBeforeRelease scene = Scenarios.leaseEndsBeforeRelease();
            if (scene.alicesRelease().isEmpty()) {
                fail("Inconclusive: Alice never came to release the lock, so her lease could not end just before"
                        + " her release; she was told '%s'.", scene.alicesAnswer());
            }
            if (scene.alicesLockAtHerRelease().isEmpty()) {
                fail("Inconclusive: when Alice was about to release, the server showed no lock on seat-A1: her lease"
                        + " had already ended before the check ended it.");
            }
            long alices = scene.alicesLockAtHerRelease().get().fencingToken();
            if (scene.bobsLock().isEmpty() || scene.bobsLock().get().fencingToken() == alices) {
                fail("Inconclusive: once Alice's lease had ended, Bob (on the same node) never got the lock and"
                        + " checked the seat, so nothing of his was there for her release to free.");
            }
            HeldLock bobs = scene.bobsLock().get();
            assertThat(scene.lockAfterAlicesRelease().map(HeldLock::fencingToken))
                    .withFailMessage("Alice was about to release seat-A1, still holding it (fencing token %d). Right"
                            + " then her lease ended, and Bob, on the same node, got the lock (fencing token %d)."
                            + " When Alice's release went out, Bob's lock was gone: %s",
                            alices, bobs.fencingToken(),
                            howAliceFreedItAfterACheck(scene.alicesRelease(), bobs.owner()))
                    .contains(bobs.fencingToken());
        }

        @Test
        @DisplayName("Alice, whose lease ran out, cannot renew the lock Bob took after her on her node")
        void aLapsedHolderCannotRenewTheNextHoldersLock() {
            Scenarios.LeaseRanOut scene = Scenarios.leaseRanOut();
            scene.requireBothHeldTheLock();

            boolean renewedAnyway = scene.alicesNewsAfterHerLeaseEnded()
                    .filter(event -> event.step() == Step.LOCK_RENEWED).isPresent();
            String point = scene.alicesNewsAfterHerLeaseEnded().map(StepEvent::point).orElse("");
            String how = point.equals(LockClientStep.RENEWED.label())
                    ? "she sent a holder token, and the server accepted it for " + scene.nextBuyer() + "'s lease: the"
                            + " grant she renewed was not hers but " + scene.nextBuyer() + "'s. A grant kept where"
                            + " every buyer of the node sees it (a static field, a field of the node) is overwritten"
                            + " by the next buyer's grant. Keep each buyer's grant in its own SeatLock."
                    : "it renewed " + scene.nextBuyer() + "'s lock by the owner name they share (" + point + ")."
                            + " Renew with the holder token of your grant: the server then answers NotHeld.";
            assertThat(renewedAnyway)
                    .withFailMessage("Alice's lease had run out and %s held seat-A1, yet Alice's next renewal"
                            + " succeeded, and Alice went on as if the lock were hers: %s", scene.nextBuyer(), how)
                    .isFalse();
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Keep the lock while the work goes on")
    class KeepTheLock {

        @Test
        @DisplayName("A payment that lasts twice the TTL keeps the lock, because Alice renews it")
        void aLongPaymentKeepsTheLock() {
            Scenarios.LongPayment payment = Scenarios.longPayment();
            payment.requireAliceHeldTheLock();

            assertThat(payment.lockWhenThePaymentEnded().map(HeldLock::fencingToken))
                    .withFailMessage("Alice's payment lasted %,d ms, twice her lease of %,d ms, on a lock server whose"
                            + " clock runs with real time. Her lock was gone before she finished. Her renewals while"
                            + " she paid, counted from her grant: %s; the longest stretch without a renewal the server accepted"
                            + " was %,d ms. A renewal must reach the server before the lease runs out, even when one"
                            + " comes late: renew every TTL / 3 while the work goes on, and keep the grant it"
                            + " answers.",
                            payment.paymentMillis(), payment.leaseMillis(), payment.renewalTimes(),
                            payment.longestGapMillis())
                    .contains(payment.alicesLock().fencingToken());
            assertThat(payment.alicesAnswer())
                    .withFailMessage("Alice kept the lock through her long payment (she renewed it %d times), but"
                            + " was told '%s'. Does isHeld() trust the newest grant a renewal answered?",
                            payment.renewals(), payment.alicesAnswer())
                    .isEqualTo(Answer.booked("A1"));
        }

        @Test
        @DisplayName("Alice keeps renewing after a renewal whose answer was lost")
        void aLostAnswerDoesNotEndTheRenewals() {
            Scenarios.LostRenewalAnswer scene = Scenarios.lostRenewalAnswer();
            if (!scene.aliceGotTheLock()) {
                fail("Inconclusive: Alice never got to pay for A1 under the lock, so no renewal of hers could lose"
                        + " its answer; she was told '%s'.", scene.alicesAnswer());
            }
            if (scene.lost().isEmpty()) {
                fail("Inconclusive: Alice never renewed her lease of %,d ms while she paid, so there was no renewal"
                        + " answer to lose. Task 3 starts with renewing.", scene.leaseMillis());
            }
            boolean renewedAgain = scene.next().filter(event -> event.step() == Step.LOCK_RENEWED).isPresent();
            assertThat(renewedAgain)
                    .withFailMessage("The server accepted one of Alice's renewals, but its answer was lost on the"
                            + " way back (the grader dropped it, as a broken connection would), and her code got a"
                            + " LockServerException. %s An exception that escapes a task of a"
                            + " ScheduledExecutorService cancels every later run of it, without a word. Catch"
                            + " LockServerException in the renewal and try again at the next tick.",
                            scene.next().isEmpty()
                                    ? String.format("After that no renewal came, and her lease of %,d ms ran out"
                                            + " while she paid.", scene.leaseMillis())
                                    : "Her next renewal came too late: " + scene.next().get().point() + ".")
                    .isTrue();
        }

        @Test
        @DisplayName("Alice's renewals stop when she releases the lock")
        void theRenewalsStopAtTheRelease() {
            Scenarios.LongPayment payment = Scenarios.longPayment();
            payment.requireAliceHeldTheLock();
            if (payment.released().isEmpty()) {
                fail("Inconclusive: Alice never released the lock after her payment (she was told '%s'), so there"
                        + " was no release for her renewals to stop at.", payment.alicesAnswer());
            }
            if (payment.attemptsMillis().isEmpty()) {
                fail("Inconclusive: Alice never renewed her lease during a payment of %,d ms, so there were no"
                        + " renewals to stop. Task 3 starts with renewing.", payment.paymentMillis());
            }
            assertThat(payment.renewalsAfterRelease())
                    .withFailMessage("Alice started to release seat-A1, and %,d ms later her lock was renewed again"
                            + " (%s), for a lease she had let go. A renewal that outlives the release keeps sending"
                            + " requests for ever (and with a lock by owner name, it keeps someone else's lease"
                            + " alive). In release(), stop the renewals and wait for one already on its way, then"
                            + " release; a scheduler that is never shut down keeps its thread and its task.",
                            payment.renewalsAfterRelease().isEmpty() ? 0
                                    : (payment.renewalsAfterRelease().get(0).nanoTime()
                                            - payment.released().get().nanoTime()) / 1_000_000,
                            payment.renewalsAfterRelease().isEmpty() ? ""
                                    : payment.renewalsAfterRelease().get(0).point())
                    .isEmpty();
        }
    }

    @Nested
    @Tag("task:4")
    @DisplayName("4. Stop the work when a renewal fails")
    class StopTheWork {

        @Test
        @DisplayName("Alice confirms nothing once a renewal tells her the lock is gone")
        void aRefusedRenewalStopsTheSale() throws Exception {
            Scenarios.RenewalRefused refused = Scenarios.renewalRefused();
            refused.requireAliceHeldTheLock();

            String heard = refused.aliceHeardTheLockWasGone()
                    ? "her renewal was refused (NotHeld)"
                    : "she did not renew it, so nobody told her";
            assertThat(refused.alicesConfirmations())
                    .withFailMessage("Alice's lease ran out while she was paying, and %s. Yet she confirmed seat A1,"
                            + " which someone else may be selling by now. Once a renewal answers NotHeld, isHeld()"
                            + " must answer false, and the toolkit stops before the confirmation.", heard)
                    .isZero();
            assertThat(refused.alicesAnswer())
                    .withFailMessage("Alice lost the lock and confirmed nothing, but was told '%s'; she should hear"
                            + " that the booking failed.", refused.alicesAnswer())
                    .isInstanceOf(Answer.Failed.class);
        }
    }

    /** What Alice's release did to the next holder's lock, said as plainly as the steps she reported allow. */
    private static String howAliceFreedIt(Optional<StepEvent> release, String nextBuyer, String owner) {
        if (release.map(StepEvent::point).filter(LockClientStep.BEFORE_RELEASE.label()::equals).isPresent()) {
            return "she released with a holder token, and the server accepted it for " + nextBuyer + "'s lease: the"
                    + " grant she released was not hers but " + nextBuyer + "'s. A grant kept where every buyer of"
                    + " the node sees it (a static field, a field of the node) is overwritten by the next buyer's"
                    + " grant. Keep each buyer's grant in its own SeatLock.";
        }
        return "she released it by the owner name " + owner + ", which every buyer of the node shares. Release with"
                + " the holder token of your own grant: only that lease is freed.";
    }

    /** The same, for a release that came right after Alice made sure (by whatever means) that the lock was hers. */
    private static String howAliceFreedItAfterACheck(Optional<StepEvent> release, String owner) {
        if (release.map(StepEvent::point).filter(LockClientStep.BEFORE_RELEASE.label()::equals).isPresent()) {
            return howAliceFreedIt(release, "Bob", owner);
        }
        return "her release went out by the owner name " + owner + ", which Bob shares. Whatever she asked just"
                + " before (is the lock still mine?), the answer was true when she asked and false when her release"
                + " arrived: nothing stops a lease from ending between a check and the request after it. Release"
                + " with the holder token of your own grant: the server decides in one step whether that lease is"
                + " still there.";
    }

    private static void assertExactlyOneSold(AuditReport audit) {
        assertNoSeatSoldTwice(audit);
        assertThat(audit.sold())
                .withFailMessage("%d of 1 seat was sold, though every buyer wanted it. Answers: %d taken, %d failed,"
                        + " for example %s.", audit.sold(), audit.taken(), audit.failed(), audit.failureReasons())
                .isEqualTo(1);
    }

    private static void assertNoSeatSoldTwice(AuditReport audit) {
        var worst = audit.worstSeat();
        assertThat(audit.oversold())
                .withFailMessage("Seat A1 was sold to %d buyers (%s). The lock did not keep them apart.",
                        worst == null ? 0 : worst.getValue().size(), worst == null ? "" : worst.getValue())
                .isZero();
        assertThat(audit.chargedWithoutSeat())
                .withFailMessage("%d buyers paid but got no seat (%s): they charged the card while another buyer"
                        + " was selling A1.", audit.chargedWithoutSeat(), audit.chargedBuyers())
                .isZero();
    }
}
