package lockstep.lab02;

import static org.assertj.core.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.Scene;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockClientStep;
import lockstep.workshop.lockserver.client.LockServerUnavailableException;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.FaultReport;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceListener;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;

/**
 * What the checks of {@link SeatLockTest} look at: each scenario runs the lab's code against a lock server of its own
 * and returns what happened, for the checks to judge. Scenarios several checks share run once.
 */
final class Scenarios {

    static final Implementation CODE = Implementation.of(Lab02.class);
    static final String LOCK = "seat-A1";
    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");
    /** Alice and Bob buy on the same node, so the lock server sees the same owner name for both. */
    static final String NODE = "Alpha";

    private static ThousandBuyers thousandBuyers;
    private static LeaseRanOut leaseRanOut;

    private Scenarios() {
    }

    // ---- 1,000 buyers on 10 nodes, real clock -----------------------------------------------------------------------

    /** The 1,000-buyer race and its history, on a real-clock server; run once for all the checks that read it. */
    record ThousandBuyers(AuditReport audit, History history) {

        long count(Step step) {
            return history.events().stream().filter(event -> event.step() == step).count();
        }
    }

    static synchronized ThousandBuyers thousandBuyers() {
        if (thousandBuyers == null) {
            History history = new History();
            try (GraderLockServer server = GraderLockServer.withRealClock()) {
                RaceResult result = Race.run(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1)
                        .services(server.services()).steps(history));
                thousandBuyers = new ThousandBuyers(result.audit(), history);
            } catch (Exception e) {
                throw new IllegalStateException("the 1,000-buyer race could not run: " + e.getMessage(), e);
            }
        }
        return thousandBuyers;
    }

    // ---- a holder killed the moment it has the lock -----------------------------------------------------------------

    /**
     * A race of node processes in which the node of the first buyer to get the lock is killed (SIGKILL) at that
     * instant. Once it has died, the server's clock moves on by exactly what was left of its lease, if it had one.
     *
     * @param leaseMillisAtTheKill the lease left when the holder died, or {@link HeldLock#NEVER}, or -1 if none
     */
    record KilledHolder(FaultReport fault, AuditReport audit, long leaseMillisAtTheKill,
                        Optional<HeldLock> lockAfterTheRace) {
    }

    static KilledHolder killedHolder() {
        try (GraderLockServer server = GraderLockServer.withManualClock()) {
            CompletableFuture<FaultReport> struck = new CompletableFuture<>();
            RaceListener whenStruck = new RaceListener() {
                @Override
                public void faultStruck(FaultReport fault) {
                    struck.complete(fault);
                }
            };
            RaceSetup setup = RaceSetup.of(CODE).buyers(60).nodes(3).seats(1).services(server.services())
                    .fault(Fault.killAt("lock-granted"));
            CompletableFuture<RaceResult> race = CompletableFuture.supplyAsync(() -> runRace(setup, whenStruck),
                    task -> new Thread(task, "race-with-a-killed-holder").start());
            CompletableFuture.anyOf(struck, race).get(Timing.forRace().toMillis(), TimeUnit.MILLISECONDS);
            long leaseLeft = -1;
            if (struck.isDone()) {
                Optional<HeldLock> held = server.lockOn(LOCK);
                leaseLeft = held.map(HeldLock::expiresInMillis).orElse(-1L);
                // The holder is dead: let its lease run out, exactly, on the server's clock.
                held.filter(HeldLock::expires)
                        .ifPresent(lock -> server.clock().advance(Duration.ofMillis(lock.expiresInMillis() + 1)));
            }
            RaceResult result = race.get(Timing.forRace().toMillis(), TimeUnit.MILLISECONDS);
            return new KilledHolder(result.fault(), result.audit(), leaseLeft, server.lockOn(LOCK));
        } catch (Exception e) {
            throw new IllegalStateException("the race with a killed holder could not run: " + e.getMessage(), e);
        }
    }

    // ---- a lock server restart while a buyer holds the lock ---------------------------------------------------------

    /**
     * A race during which the lock server restarts the moment the first buyer has the lock. {@code lookedAfterAtMillis}
     * is when the grader had read the lock back from the restarted server, on the server's clock.
     */
    record ServerRestart(AuditReport audit, History history, Optional<HeldLock> heldBefore,
                         Optional<HeldLock> heldAfter, long lookedAfterAtMillis) {
    }

    static ServerRestart serverRestart() {
        History history = new History();
        AtomicBoolean restarted = new AtomicBoolean();
        AtomicReference<Optional<HeldLock>> before = new AtomicReference<>(Optional.empty());
        AtomicReference<Optional<HeldLock>> after = new AtomicReference<>(Optional.empty());
        AtomicLong lookedAfterAt = new AtomicLong();
        try (GraderLockServer server = GraderLockServer.withRealClock()) {
            // Runs on the buyer's own thread, inside its acquire: the buyer holds the lock and waits for this.
            StepListener restartAtTheFirstGrant = event -> {
                if (event.step() == Step.LOCK_GRANTED && restarted.compareAndSet(false, true)) {
                    before.set(server.lockOn(event.detail()));
                    server.restart();
                    after.set(server.lockOn(event.detail()));
                    lookedAfterAt.set(System.currentTimeMillis()); // the real clock is the server's
                }
            };
            RaceResult result = Race.run(RaceSetup.of(CODE).buyers(200).nodes(4).seats(1)
                    .services(server.services()).steps(StepListener.all(List.of(history, restartAtTheFirstGrant))));
            return new ServerRestart(result.audit(), history, before.get(), after.get(), lookedAfterAt.get());
        } catch (Exception e) {
            throw new IllegalStateException("the race with a server restart could not run: " + e.getMessage(), e);
        }
    }

    // ---- Alice's lease runs out, Bob on her node takes the lock -----------------------------------------------------

    /**
     * Alice holds the lock and pays; Bob, on the same node, waits for it. The server's clock jumps past Alice's lease,
     * so the lock goes to Bob at that instant. Bob pays; Alice hears from her next renewal (if she renews), goes on
     * and finishes. What was the lock's state then?
     */
    record LeaseRanOut(Optional<HeldLock> alicesLock, String nextBuyer, Optional<HeldLock> nextHoldersLock,
                       Optional<StepEvent> alicesNewsAfterHerLeaseEnded, Optional<HeldLock> lockAfterAliceFinished,
                       Optional<StepEvent> alicesRelease, Answer alicesAnswer) {

        void requireBothHeldTheLock() {
            if (alicesLock.isEmpty()) {
                fail("Inconclusive: Alice never got to pay for A1 under the lock, so her lease could not run out"
                        + " while she paid; she was told '%s'.", alicesAnswer);
            }
            if (nextHoldersLock.isEmpty()) {
                fail("Inconclusive: once Alice's lease had run out, %s (on the same node) never got the lock and"
                        + " paid, so nothing of his was there for Alice to renew or release.", nextBuyer);
            }
            if (nextHoldersLock.get().fencingToken() == alicesLock.get().fencingToken()) {
                fail("Inconclusive: the server's clock moved past Alice's lease, yet the lock of seat-A1 still had"
                        + " her grant (fencing token %d) when %s paid.", alicesLock.get().fencingToken(), nextBuyer);
            }
        }
    }

    static synchronized LeaseRanOut leaseRanOut() {
        if (leaseRanOut == null) {
            try (GraderLockServer server = GraderLockServer.withManualClock();
                 Scene scene = Scene.open(CODE, server.services(), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
                leaseRanOut = playLeaseRanOut(server, scene);
            } catch (Exception e) {
                throw new IllegalStateException("the scene of a lapsed lease could not run: " + e.getMessage(), e);
            }
        }
        return leaseRanOut;
    }

    private static LeaseRanOut playLeaseRanOut(GraderLockServer server, Scene scene) throws Exception {
        Scene.Attempt alice = scene.start(ALICE, NODE, Step.CHARGING);
        if (!alice.awaitPaused(Timing.forPromptEvent())) {
            return new LeaseRanOut(Optional.empty(), BOB.id(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), alice.awaitAnswer(Timing.forPromptEvent()).orElse(null));
        }
        Optional<HeldLock> alicesLock = server.lockOn(LOCK);
        Duration lease = leaseOf(alicesLock);

        // Bob queues for the lock, so that it is his the instant Alice's lease ends.
        Scene.Attempt bob = scene.start(BOB, NODE, Step.CHARGING);
        boolean bobWaits = awaitQueued(server, bob);
        long leaseEnded = System.nanoTime();
        server.endEveryLease();
        if (!bobWaits) {
            // His code does not wait (setnx answers no at once): he presses Buy again now that the lock is free.
            bob.awaitAnswer(Timing.forPromptEvent());
            bob = scene.start(BOB, NODE, Step.CHARGING);
        }
        Optional<HeldLock> bobsLock = bob.awaitPaused(Timing.forPromptEvent()) ? server.lockOn(LOCK) : Optional.empty();

        Optional<StepEvent> alicesNews = awaitVerdictOnLapsedLease(scene, leaseEnded, lease);
        alice.goOn();
        Answer alicesAnswer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
        Optional<HeldLock> afterAlice = server.lockOn(LOCK);
        Optional<StepEvent> alicesRelease = scene.awaitStep(ALICE.id(), List.of(Step.LOCK_RELEASED), leaseEnded,
                Duration.ZERO);
        bob.goOn();
        bob.awaitAnswer(Timing.forPromptEvent());
        return new LeaseRanOut(alicesLock, BOB.id(), bobsLock, alicesNews, afterAlice, alicesRelease, alicesAnswer);
    }

    /**
     * What Alice's renewals say once her lease has ended: her first {@link Step#LOCK_LOST}, or her second
     * {@link Step#LOCK_RENEWED} (one renewal may have reached the server just before the lease ended and been
     * reported just after; a second one cannot have), or nothing if she does not renew.
     */
    private static Optional<StepEvent> awaitVerdictOnLapsedLease(Scene scene, long leaseEnded, Duration lease)
            throws InterruptedException {
        long after = leaseEnded;
        Optional<StepEvent> renewed = Optional.empty();
        for (int renewals = 0; renewals < 2; renewals++) {
            Optional<StepEvent> news = scene.awaitStep(ALICE.id(), List.of(Step.LOCK_RENEWED, Step.LOCK_LOST),
                    after, Timing.forRenewalOf(lease));
            if (news.isEmpty() || news.get().step() == Step.LOCK_LOST) {
                return news.isPresent() ? news : renewed;
            }
            renewed = news;
            after = news.get().nanoTime();
        }
        return renewed;
    }

    // ---- a payment longer than the TTL, then a release --------------------------------------------------------------

    /**
     * Alice pays for twice her lease, on a lock server whose clock runs with real time: her lease runs out unless a
     * renewal reaches the server before it does, however her code schedules them. Then she confirms and releases, and
     * the scene watches a while longer for renewals that should have stopped with the release.
     *
     * @param renewalGapsMillis     the times between her grant, each renewal the server accepted while she paid, and
     *                              the end of the payment
     * @param released              her step {@link Step#LOCK_RELEASED}, if she released
     * @param renewalsAfterRelease  renewals (accepted or refused) she reported after she started to release
     */
    record LongPayment(HeldLock alicesLock, long leaseMillis, long paymentMillis, List<Long> renewalGapsMillis,
                       Optional<HeldLock> lockWhenThePaymentEnded, Answer alicesAnswer,
                       Optional<StepEvent> released, List<StepEvent> renewalsAfterRelease,
                       long watchedAfterReleaseMillis, List<String> attemptsMillis) {

        void requireAliceHeldTheLock() {
            if (alicesLock == null) {
                fail("Inconclusive: Alice never got to pay for A1 under the lock, so nothing could test whether she"
                        + " keeps it; she was told '%s'.", alicesAnswer);
            }
        }

        int renewals() {
            return renewalGapsMillis.size() - 1;
        }

        /** When each renewal of the payment was heard, after the grant, accepted or refused: "2,003 ms (refused)". */
        String renewalTimes() {
            return attemptsMillis.isEmpty() ? "none" : String.join(", ", attemptsMillis);
        }

        long longestGapMillis() {
            return renewalGapsMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        }
    }

    private static LongPayment longPayment;

    /** The client steps of a renewal, by holder token or by owner name, whatever the server answered. */
    private static final Set<String> RENEWAL_POINTS = Set.of(LockClientStep.RENEWED.label(),
            LockClientStep.RENEW_NOT_HELD.label(), LockClientStep.EXPIRE_SET.label(),
            LockClientStep.EXPIRE_NOT_HELD.label());

    static synchronized LongPayment longPayment() {
        if (longPayment == null) {
            try (GraderLockServer server = GraderLockServer.withSteadyClock();
                 Scene scene = Scene.open(CODE, server.services(), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
                longPayment = playLongPayment(server, scene);
            } catch (Exception e) {
                throw new IllegalStateException("the scene of a long payment could not run: " + e.getMessage(), e);
            }
        }
        return longPayment;
    }

    private static LongPayment playLongPayment(GraderLockServer server, Scene scene) throws Exception {
        Scene.Attempt alice = scene.start(ALICE, NODE, Step.CHARGING);
        if (!alice.awaitPaused(Timing.forPromptEvent())) {
            return new LongPayment(null, 0, 0, List.of(), Optional.empty(),
                    alice.awaitAnswer(Timing.forPromptEvent()).orElse(null), Optional.empty(), List.of(), 0, List.of());
        }
        long paying = scene.awaitStep(ALICE.id(), List.of(Step.CHARGING), Long.MIN_VALUE, Duration.ZERO)
                .map(StepEvent::nanoTime).orElse(System.nanoTime());
        long granted = grantedAt(scene);
        HeldLock alicesLock = server.lockOn(LOCK).orElse(null);
        Duration lease = leaseOnARunningClock(Optional.ofNullable(alicesLock), granted);
        // The payment itself: Alice is held at the card charge for twice her lease, while the server's clock runs on.
        Duration payment = lease.multipliedBy(2);
        long paymentEnds = granted + payment.toNanos();
        TimeUnit.NANOSECONDS.sleep(Math.max(0, paymentEnds - System.nanoTime()));
        Optional<HeldLock> atTheEnd = server.lockOn(LOCK);
        long ended = System.nanoTime();
        // Renewals while she pays; an expire that finishes a two-step acquire is not one.
        List<Long> gaps = gapsBetween(granted, acceptedRenewals(scene, paying, ended), ended);
        List<String> attempts = scene.history().events().stream()
                .filter(event -> event.buyer().equals(ALICE.id()) && RENEWAL_POINTS.contains(event.point()))
                .filter(event -> event.nanoTime() > paying && event.nanoTime() <= ended)
                .map(event -> String.format("%,d ms (%s)", TimeUnit.NANOSECONDS.toMillis(event.nanoTime() - granted),
                        event.step() == Step.LOCK_RENEWED ? "renewed" : "refused"))
                .limit(8).toList();

        alice.goOn();
        Answer answer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
        Optional<StepEvent> released = scene.awaitStep(ALICE.id(), List.of(Step.LOCK_RELEASED), granted,
                Duration.ZERO);
        if (released.isEmpty()) {
            return new LongPayment(alicesLock, lease.toMillis(), payment.toMillis(), gaps, atTheEnd, answer,
                    released, List.of(), 0, attempts);
        }
        Duration watch = Timing.forLeftoverRenewalsOf(lease);
        List<StepEvent> leftovers = awaitRenewals(scene, released.get().nanoTime(), watch);
        return new LongPayment(alicesLock, lease.toMillis(), payment.toMillis(), gaps, atTheEnd, answer, released,
                leftovers, watch.toMillis(), attempts);
    }

    /** Alice's renewals that the server accepted between {@code from} and {@code to}. */
    private static List<Long> acceptedRenewals(Scene scene, long from, long to) {
        return scene.history().events().stream()
                .filter(event -> event.buyer().equals(ALICE.id()) && event.step() == Step.LOCK_RENEWED)
                .map(StepEvent::nanoTime).filter(at -> at > from && at <= to).sorted().toList();
    }

    private static List<Long> gapsBetween(long first, List<Long> middle, long last) {
        List<Long> gaps = new ArrayList<>();
        long previous = first;
        for (long at : middle) {
            gaps.add(TimeUnit.NANOSECONDS.toMillis(at - previous));
            previous = at;
        }
        gaps.add(TimeUnit.NANOSECONDS.toMillis(last - previous));
        return gaps;
    }

    /**
     * Watches Alice for {@code watch} after {@code after}: every renewal she reports, accepted or refused. Returns as
     * soon as one comes, since one is enough to tell.
     */
    private static List<StepEvent> awaitRenewals(Scene scene, long after, Duration watch) throws InterruptedException {
        long deadline = System.nanoTime() + watch.toNanos();
        long since = after;
        while (true) {
            long left = deadline - System.nanoTime();
            Optional<StepEvent> next = left <= 0 ? Optional.empty()
                    : scene.awaitStep(ALICE.id(), List.of(Step.LOCK_RENEWED, Step.LOCK_LOST), since,
                            Duration.ofNanos(left));
            if (next.isEmpty()) {
                return List.of();
            }
            if (RENEWAL_POINTS.contains(next.get().point())) {
                return List.of(next.get());
            }
            since = next.get().nanoTime();
        }
    }

    // ---- a renewal whose answer is lost -----------------------------------------------------------------------------

    /**
     * Alice pays, on a lock server whose clock runs with real time. Her first renewal reaches the server and is
     * accepted, but its answer is lost on the way back: her code gets a {@link LockServerUnavailableException}
     * instead, as when a connection breaks at that moment. Does another renewal come before her lease runs out?
     *
     * @param lost  her renewal whose answer was lost, if she renewed at all
     * @param next  her next renewal after it, accepted or refused, if one came
     */
    record LostRenewalAnswer(boolean aliceGotTheLock, long leaseMillis, Optional<StepEvent> lost,
                             Optional<StepEvent> next, Answer alicesAnswer) {
    }

    static LostRenewalAnswer lostRenewalAnswer() {
        try (GraderLockServer server = GraderLockServer.withSteadyClock();
             Scene scene = Scene.open(CODE, server.services(), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            Scene.Attempt alice = scene.start(ALICE, NODE, Step.CHARGING);
            if (!alice.awaitPaused(Timing.forPromptEvent()) || server.lockOn(LOCK).isEmpty()) {
                alice.goOn();
                return new LostRenewalAnswer(false, 0, Optional.empty(), Optional.empty(),
                        alice.awaitAnswer(Timing.forPromptEvent()).orElse(null));
            }
            Duration lease = leaseOnARunningClock(server.lockOn(LOCK), grantedAt(scene));
            CompletableFuture<StepEvent> lostAnswer = scene.failOnce(ALICE.id(), Step.LOCK_RENEWED,
                    new LockServerUnavailableException("the answer to this renewal was lost on its way back (the"
                            + " grader dropped it, as a broken connection would)", true, null));
            Optional<StepEvent> lost = Optional.empty();
            try {
                lost = Optional.of(lostAnswer.get(Timing.forRenewalOf(lease).toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException e) {
                // She never renewed: there was no answer to lose.
            }
            Optional<StepEvent> next = Optional.empty();
            if (lost.isPresent()) {
                next = scene.awaitStep(ALICE.id(), List.of(Step.LOCK_RENEWED, Step.LOCK_LOST),
                        lost.get().nanoTime(), Timing.forRenewalOf(lease));
            }
            alice.goOn();
            Answer answer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            return new LostRenewalAnswer(true, lease.toMillis(), lost, next, answer);
        } catch (Exception e) {
            throw new IllegalStateException("the scene of a lost renewal answer could not run: " + e.getMessage(), e);
        }
    }

    // ---- Alice's lease ends just before she releases ----------------------------------------------------------------

    /**
     * Alice has paid and confirmed, and is about to send her release: whatever she asked to make sure the lock is still
     * hers, she has asked it. The scene holds her there, ends her lease, lets Bob (same node) take the lock and check
     * the seat, and then lets Alice send her release. Does Bob still hold the lock afterwards?
     */
    record LeaseEndsBeforeRelease(Optional<HeldLock> alicesLockAtHerRelease, Optional<HeldLock> bobsLock,
                                  Optional<StepEvent> alicesRelease, Optional<HeldLock> lockAfterAlicesRelease,
                                  Answer alicesAnswer) {
    }

    static LeaseEndsBeforeRelease leaseEndsBeforeRelease() {
        try (GraderLockServer server = GraderLockServer.withManualClock();
             Scene scene = Scene.open(CODE, server.services(), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            Scene.Attempt alice = scene.start(ALICE, NODE, Step.LOCK_RELEASED);
            if (!alice.awaitPaused(Timing.forPromptEvent())) {
                return new LeaseEndsBeforeRelease(Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), alice.awaitAnswer(Timing.forPromptEvent()).orElse(null));
            }
            Optional<StepEvent> release = scene.awaitStep(ALICE.id(), List.of(Step.LOCK_RELEASED), Long.MIN_VALUE,
                    Duration.ZERO);
            Optional<HeldLock> alicesLock = server.lockOn(LOCK);
            Scene.Attempt bob = scene.start(BOB, NODE, Step.SEAT_CHECKED);
            boolean bobWaits = awaitQueued(server, bob);
            server.endEveryLease();
            if (!bobWaits) {
                bob.awaitAnswer(Timing.forPromptEvent());
                bob = scene.start(BOB, NODE, Step.SEAT_CHECKED);
            }
            Optional<HeldLock> bobsLock = bob.awaitPaused(Timing.forPromptEvent()) ? server.lockOn(LOCK) : Optional.empty();
            alice.goOn();
            Answer alicesAnswer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            Optional<HeldLock> after = server.lockOn(LOCK);
            bob.goOn();
            bob.awaitAnswer(Timing.forPromptEvent());
            return new LeaseEndsBeforeRelease(alicesLock, bobsLock, release, after, alicesAnswer);
        } catch (Exception e) {
            throw new IllegalStateException("the scene of a lease that ends before the release could not run: "
                    + e.getMessage(), e);
        }
    }

    // ---- a renewal refused while Alice pays -------------------------------------------------------------------------

    /** Alice pays; the server's clock jumps past her lease; her next renewal is refused; then she goes on. */
    record RenewalRefused(boolean aliceGotTheLock, boolean leaseEnded, boolean aliceHeardTheLockWasGone,
                          int alicesConfirmations, Answer alicesAnswer) {

        void requireAliceHeldTheLock() {
            if (!aliceGotTheLock) {
                fail("Inconclusive: Alice never got to pay for A1 under the lock, so her lease could not end while"
                        + " she paid; she was told '%s'.", alicesAnswer);
            }
            if (!leaseEnded) {
                fail("Inconclusive: the server's clock moved past Alice's lease while she paid, yet the server still"
                        + " showed her lock on seat-A1 afterwards.");
            }
        }
    }

    /**
     * The payment takes 200 ms here: time enough for a watchdog that has just heard NotHeld to mark the lock lost
     * before Alice asks, and short enough that a lease which nobody declared lost is still valid on her own clock.
     */
    private static final Duration REFUSED_SCENE_PAYMENT = Duration.ofMillis(200);

    static RenewalRefused renewalRefused() throws Exception {
        try (GraderLockServer server = GraderLockServer.withManualClock();
             Scene scene = Scene.open(CODE, server.services(), REFUSED_SCENE_PAYMENT)) {
            Scene.Attempt alice = scene.start(ALICE, NODE, Step.CHARGING);
            if (!alice.awaitPaused(Timing.forPromptEvent())) {
                return new RenewalRefused(false, false, false, scene.confirmationsOf(ALICE),
                        alice.awaitAnswer(Timing.forPromptEvent()).orElse(null));
            }
            Optional<HeldLock> alicesLock = server.lockOn(LOCK);
            Duration lease = leaseOf(alicesLock);
            long leaseEnded = System.nanoTime();
            server.endEveryLease();
            boolean ended = !server.lockOn(LOCK).map(HeldLock::fencingToken)
                    .equals(alicesLock.map(HeldLock::fencingToken));
            boolean heard = scene.awaitStep(ALICE.id(), List.of(Step.LOCK_LOST), leaseEnded,
                    Timing.forRenewalOf(lease)).isPresent();
            alice.goOn();
            Answer answer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            return new RenewalRefused(alicesLock.isPresent(), ended, heard, scene.confirmationsOf(ALICE), answer);
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** The lease the server granted, read while its clock stands still; a lock without one counts as a long lease. */
    private static Duration leaseOf(Optional<HeldLock> lock) {
        return lock.filter(HeldLock::expires).map(held -> Duration.ofMillis(held.expiresInMillis()))
                .orElse(Timing.forPromptEvent());
    }

    /** When Alice reported her grant; now if she did not. */
    private static long grantedAt(Scene scene) throws InterruptedException {
        return scene.awaitStep(ALICE.id(), List.of(Step.LOCK_GRANTED), Long.MIN_VALUE, Duration.ZERO)
                .map(StepEvent::nanoTime).orElse(System.nanoTime());
    }

    /**
     * The lease a server with a running clock granted at {@code grantedNanos}: what is left of it now, plus what has
     * passed since the grant.
     */
    private static Duration leaseOnARunningClock(Optional<HeldLock> lock, long grantedNanos) {
        return leaseOf(lock).plusMillis(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - grantedNanos));
    }

    /** Whether {@code bob} is queued at the server for the lock; false once he has an answer without waiting. */
    private static boolean awaitQueued(GraderLockServer server, Scene.Attempt bob) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (System.nanoTime() < deadline) {
            if (server.lockOn(LOCK).map(HeldLock::waiting).orElse(0) > 0) {
                return true;
            }
            if (bob.awaitAnswer(Duration.ofMillis(5)).isPresent()) {
                return false;
            }
        }
        return false;
    }

    private static RaceResult runRace(RaceSetup setup, RaceListener listener) {
        try {
            return Race.run(setup, listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the race was interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
