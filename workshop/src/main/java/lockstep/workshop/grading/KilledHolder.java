package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.zookeeper.ZNodes;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.TestReporter;

/**
 * A race of a ZooKeeper lock lab in which the first buyer to be granted A1's lock has their node
 * process killed (SIGKILL) on the spot: no release, no goodbye to ZooKeeper. The lock must come back
 * on its own once the dead node's session expires, and the next buyer must get it.
 *
 * <p>If the lock never comes back, the grader deletes the lock znodes under the lab's lock root
 * itself, so that the race can end and the check can say what went wrong instead of hanging.
 */
public final class KilledHolder {

    /** Three nodes of ten buyers each: one node dies, two carry on. */
    private static final int NODES = 3;
    private static final int BUYERS = 30;

    /**
     * What happened.
     *
     * @param race            the race, once it ended
     * @param killedGrant     the grant whose holder was killed, if any buyer was granted the lock
     * @param nextGrant       the first grant after it, if the lock came back in time
     * @param lockCameBack    whether the next grant came within a session expiry's time
     * @param leftOver        lock znodes still there after the race
     * @param leftByOpenSession those of them that belong to a session still open: the killed node's, since every other
     *                          node closed its own when the race ended
     */
    public record Outcome(RaceResult race, Optional<StepEvent> killedGrant, Optional<StepEvent> nextGrant,
                   boolean lockCameBack, List<String> leftOver, List<String> leftByOpenSession) {

        /** From the kill to the next grant. */
        public Duration handoff() {
            return Duration.ofNanos(nextGrant.orElseThrow().nanoTime() - race.fault().nanoTime());
        }

        /**
         * Fails unless a holder was killed, the lock came back once its session expired (and not before), A1 was sold
         * once, and no lock znode was left; then reports how long the handoff took. The lab says in its own words what
         * keeps a lock from coming back ({@code whyNotBack}, after "nobody had the lock yet:"), and what the znodes
         * {@code leftOver} mean (after "After the race, when every node had closed its session,").
         */
        public void assertTheLockCameBack(Duration sessionTimeout, String whyNotBack,
                Function<List<String>, String> leftOverMeans, TestReporter report) {
            assertThat(race.fault().fired())
                    .withFailMessage("Inconclusive: no buyer was ever granted A1's lock, so there was no holder to kill."
                            + " Buyers were told: %s", race.audit().failureReasons())
                    .isTrue();
            assertThat(lockCameBack)
                    .withFailMessage("%s was killed while it held A1's lock, and %d s later nobody had the lock yet: %s",
                            race.fault().node(), Timing.forExpiryOf(sessionTimeout).toSeconds(), whyNotBack)
                    .isTrue();
            assertThat(race.audit().oversold())
                    .withFailMessage("Seat A1 was sold %d times too many after %s was killed.", race.audit().oversold(),
                            race.fault().node())
                    .isZero();
            assertThat(race.audit().sold())
                    .withFailMessage("A1 was not sold, although the lock came back after %s was killed. Buyers were"
                            + " told: %s", race.fault().node(), race.audit().failureReasons())
                    .isEqualTo(1);
            // ZooKeeper ends a silent session no sooner than its timeout after it last heard from it, which was just
            // before the kill (the holder had just been granted the lock). Half the timeout leaves room for a slow
            // machine between that last request and the kill; a lock taken from the dead holder comes far sooner.
            assertThat(handoff())
                    .withFailMessage("%s got A1's lock %,d ms after %s was killed holding it. ZooKeeper keeps a dead"
                            + " node's session, and its znodes, for the whole session timeout (%,d ms), so the lock"
                            + " passed on while, for ZooKeeper, the dead holder still had it. A buyer may take the lock"
                            + " only once the holder's znode is gone.", nextGrant.orElseThrow().buyer(),
                            handoff().toMillis(), race.fault().node(), sessionTimeout.toMillis())
                    .isGreaterThanOrEqualTo(sessionTimeout.dividedBy(2));
            // The dead holder's znodes go when its session expires, and only then may the lock pass on. If they are
            // still there, the next grant came while ZooKeeper still counted the dead node as the holder.
            assertThat(leftByOpenSession)
                    .withFailMessage("%s got A1's lock %,d ms after %s was killed, and when the race ended the dead"
                            + " node's session had not expired yet: its znodes were still there (%s). So the lock"
                            + " passed on while, for ZooKeeper, the dead holder still had it. A buyer may take the lock"
                            + " only once the holder's znode is gone.", nextGrant.orElseThrow().buyer(),
                            handoff().toMillis(), race.fault().node(), leftByOpenSession)
                    .isEmpty();
            assertThat(leftOver)
                    .withFailMessage("After the race, when every node had closed its session, %s",
                            leftOverMeans.apply(leftOver))
                    .isEmpty();
            report.publishEntry("handoff", String.format(Locale.ROOT,
                    "%s was killed holding A1's lock; %s got the lock %,d ms later, once the dead node's session"
                            + " had expired (session timeout %,d ms).", race.fault().node(),
                    nextGrant.orElseThrow().buyer(), handoff().toMillis(), sessionTimeout.toMillis()));
        }
    }

    private KilledHolder() {
    }

    /** Runs the race on {@code code}, whose nodes' sessions last {@code sessionTimeout}; {@code observer} tidies up. */
    public static Outcome run(Implementation code, String connectString, ZooKeeper observer, Duration sessionTimeout)
            throws Exception {
        String lockRoot = code.lab().lockRoot();
        History history = new History();
        CountDownLatch firstGrant = new CountDownLatch(1);
        CountDownLatch secondGrant = new CountDownLatch(2);
        StepListener grants = event -> {
            if (event.step() == Step.LOCK_GRANTED) {
                firstGrant.countDown();
                secondGrant.countDown();
            }
        };
        RaceSetup setup = RaceSetup.of(code).buyers(BUYERS).nodes(NODES).seats(1)
                .services(new Services(connectString, null))
                .steps(StepListener.all(List.of(history, grants)))
                .fault(Fault.killAt(Step.LOCK_GRANTED.label()));
        ExecutorService runner = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "killed-holder-race");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Future<RaceResult> race = runner.submit(() -> Race.run(setup));
            boolean lockCameBack = firstGrant.await(Timing.forChildJvm().toMillis(), TimeUnit.MILLISECONDS)
                    && secondGrant.await(Timing.forExpiryOf(sessionTimeout).toMillis(), TimeUnit.MILLISECONDS);
            if (!lockCameBack) {
                // The killed holder's znode outlived its session: remove it, so the race can end.
                ZNodes.deleteLocksUnder(observer, lockRoot);
            }
            RaceResult result = awaitRace(race);
            List<StepEvent> granted = history.events().stream().filter(event -> event.step() == Step.LOCK_GRANTED).toList();
            List<ZNodes.Lock> left = ZNodes.locksUnder(observer, lockRoot);
            return new Outcome(result, granted.stream().findFirst(), granted.stream().skip(1).findFirst(), lockCameBack,
                    left.stream().map(ZNodes.Lock::path).toList(),
                    left.stream().filter(lock -> lock.sessionId() != 0).map(ZNodes.Lock::path).toList());
        } finally {
            runner.shutdownNow();
        }
    }

    /**
     * The race's result once it has ended. A race always ends: when its buyers stop making progress it throws
     * {@link lockstep.workshop.race.RaceStalledException}, which says who waits where, and that is passed on.
     */
    private static RaceResult awaitRace(Future<RaceResult> race) throws Exception {
        try {
            return race.get(Timing.forRace().multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        } catch (TimeoutException e) {
            throw new IllegalStateException("the race with the killed holder did not end within "
                    + Timing.forRace().multipliedBy(3).toSeconds() + " s, nor say why it stopped", e);
        }
    }
}
