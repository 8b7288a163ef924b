package lockstep.lab03;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Audit;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.faults.ZooKeeperPartition;
import lockstep.workshop.grading.Timing;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Alice is cut off from ZooKeeper while she works, and goes on the moment her client has heard
 * {@code Disconnected}, before it could hear {@code Expired}. In an order fixed by latches:
 *
 * <ol>
 *   <li>Alice (node Alpha, connected through a TCP proxy) takes A1's lock, finds A1 free, is
 *       charged, and stops there, before she confirms.</li>
 *   <li>The grader freezes the proxy (no byte passes, no reset: silence) and expires her session
 *       on the server: ZooKeeper deletes her lock znode at once.</li>
 *   <li>Bob (node Beta, not cut off) buys A1: the lock is free now.</li>
 *   <li>The grader waits until Alice's client has noticed the silence and told every watcher her
 *       lock set: {@code Disconnected}. The proxy stays frozen, so it cannot reconnect and hear
 *       {@code Expired}.</li>
 *   <li>Alice carries on at once. For a second or more after {@code Disconnected} her client still
 *       answers {@code getState()} with CONNECTED (it waits before it reconnects), so only a lock
 *       that acted on the news says it is lost.</li>
 * </ol>
 */
final class DisconnectWhileWorking {

    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");

    /**
     * What happened.
     *
     * @param alicePaid         whether Alice got as far as paying (else the cut did not land in her critical section)
     * @param disconnectHeard   whether every watcher of Alice's lock had heard Disconnected before she went on
     * @param expiredHeard      whether her client had heard Expired before she went on (it must not have)
     * @param stateWhenAliceWentOn what Alice's client said getState() was when her thread went on, just
     *                          before her desk asked isHeld() (null if she never stopped)
     * @param alice             Alice's answer, or null if she had none in time
     * @param bob               Bob's answer, or null if he had none in time
     * @param audit             what the seat database says
     */
    record Outcome(boolean alicePaid, boolean disconnectHeard, boolean expiredHeard, ZooKeeper.States stateWhenAliceWentOn,
            Answer alice, Answer bob, AuditReport audit) {
    }

    private DisconnectWhileWorking() {
    }

    static Outcome run(String connectString) throws Exception {
        Path scratch = Files.createTempDirectory("lockstep-lab03-disconnect-");
        try (Sessions sessions = new Sessions(connectString);
             ZooKeeperPartition partition = ZooKeeperPartition.of(connectString)) {
            SeatDatabase database = SeatDatabase.privateFile(scratch.resolve("seats"));
            database.reset(1);
            database.registerBuyers(Map.of(ALICE, "Alpha", BOB, "Beta"));
            TrackedSession aliceSession = sessions.add(TrackedSession.connect(partition.connectString(),
                    Timing.forPromptEvent()));
            return runOn(database, aliceSession, sessions.open(), partition, connectString);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static Outcome runOn(SeatDatabase database, TrackedSession aliceSession, ZooKeeper bobSession,
            ZooKeeperPartition partition, String connectString) throws Exception {
        CountDownLatch alicePaid = new CountDownLatch(1);
        CountDownLatch aliceMayGoOn = new CountDownLatch(1);
        AtomicReference<ZooKeeper.States> stateWhenAliceWentOn = new AtomicReference<>();
        CountDownLatch aliceDecided = new CountDownLatch(1);
        StepListener stopAliceOncePaid = event -> {
            if (event.step() == Step.CARD_CHARGED && alicePaid.getCount() > 0) {
                alicePaid.countDown();
                awaitQuietly(aliceMayGoOn);
                stateWhenAliceWentOn.set(aliceSession.getState()); // her desk asks isHeld() next
            } else if (aliceMayGoOn.getCount() == 0) {
                aliceDecided.countDown(); // her first step after isHeld() answered
            }
        };
        PaymentProvider payments = new PaymentProvider(PaymentProvider.DEFAULT_PAYMENT_TIME);
        try (BoxOffice aliceOffice = new BoxOffice("Alpha", database, payments, stopAliceOncePaid);
             BoxOffice bobOffice = new BoxOffice("Beta", database, payments, StepListener.NONE)) {
            Purchase alice = Purchase.start(new TicketDesk(aliceSession, "Alpha"), aliceOffice, ALICE);
            Purchase bob = null;
            boolean paid = false;
            boolean disconnectHeard = false;
            boolean expiredHeard = false;
            try {
                paid = alicePaid.await(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
                if (paid) {
                    partition.cut();
                    SessionExpiry.expire(aliceSession, connectString);
                    bob = Purchase.start(new TicketDesk(bobSession, "Beta"), bobOffice, BOB);
                    bob.awaitDone(Timing.forPromptEvent());
                    disconnectHeard = aliceSession.awaitEveryWatcherTold(KeeperState.Disconnected,
                            Timing.forPromptEvent());
                    expiredHeard = aliceSession.hasHeard(KeeperState.Expired);
                }
            } finally {
                aliceMayGoOn.countDown();
            }
            // Once she has decided, her client may reconnect and hear Expired: her release() then
            // ends at once instead of asking for a whole session timeout whose znode is there.
            aliceDecided.await(Timing.forExpiryOf(Lab03.SESSION_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
            partition.restore();
            alice.awaitDone(Timing.forPromptEvent());
            return new Outcome(paid, disconnectHeard, expiredHeard, stateWhenAliceWentOn.get(), alice.answer(),
                    bob == null ? null : bob.answer(), Audit.of(database));
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
