package lockstep.lab03;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
import lockstep.workshop.grading.Timing;
import org.apache.zookeeper.ZooKeeper;

/**
 * Alice's session expires while she works, in an order fixed by latches:
 *
 * <ol>
 *   <li>Alice (node Alpha) takes A1's lock, finds A1 free, is charged, and stops there, before
 *       she confirms.</li>
 *   <li>The grader expires her session on the server: ZooKeeper deletes her lock znode at once.
 *       The grader waits until her client has heard of it and told every watcher.</li>
 *   <li>Bob (node Beta) buys A1: the lock is free now.</li>
 *   <li>Alice carries on. Her lock must say it is lost, so that she does not confirm A1.</li>
 * </ol>
 */
final class ExpiryWhileWorking {

    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");

    /** How often to look whether Alice's client has noticed: observing its state, not guessing a delay. */
    private static final long LOOK_EVERY_MS = 5;

    /**
     * What happened.
     *
     * @param alicePaid       whether Alice got as far as paying (else the expiry did not land in her critical section)
     * @param newsHeard       whether Alice's client had told every watcher of the expiry before she went on
     * @param alice           Alice's answer, or null if she had none in time
     * @param bob             Bob's answer, or null if he had none in time
     * @param audit           what the seat database says
     */
    record Outcome(boolean alicePaid, boolean newsHeard, Answer alice, Answer bob, AuditReport audit) {
    }

    private ExpiryWhileWorking() {
    }

    static Outcome run(String connectString) throws Exception {
        Path scratch = Files.createTempDirectory("lockstep-lab03-expiry-");
        try (Sessions sessions = new Sessions(connectString)) {
            SeatDatabase database = SeatDatabase.privateFile(scratch.resolve("seats"));
            database.reset(1);
            database.registerBuyers(Map.of(ALICE, "Alpha", BOB, "Beta"));
            return runOn(database, sessions, connectString);
        } finally {
            try (Stream<Path> files = Files.walk(scratch)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
    }

    private static Outcome runOn(SeatDatabase database, Sessions sessions, String connectString) throws Exception {
        ZooKeeper aliceSession = sessions.open();
        ZooKeeper bobSession = sessions.open();
        CountDownLatch alicePaid = new CountDownLatch(1);
        CountDownLatch aliceMayGoOn = new CountDownLatch(1);
        StepListener stopAliceOncePaid = event -> {
            if (event.step() == Step.CARD_CHARGED && alicePaid.getCount() > 0) {
                alicePaid.countDown();
                awaitQuietly(aliceMayGoOn);
            }
        };
        PaymentProvider payments = new PaymentProvider(PaymentProvider.DEFAULT_PAYMENT_TIME);
        try (BoxOffice aliceOffice = new BoxOffice("Alpha", database, payments, stopAliceOncePaid);
             BoxOffice bobOffice = new BoxOffice("Beta", database, payments, StepListener.NONE)) {
            Purchase alice = Purchase.start(new TicketDesk(aliceSession, "Alpha"), aliceOffice, ALICE);
            Purchase bob = null;
            boolean paid = false;
            boolean newsHeard = false;
            try {
                paid = alicePaid.await(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
                if (paid) {
                    SessionExpiry.expire(aliceSession, connectString);
                    newsHeard = awaitNewsOfTheExpiry(aliceSession);
                }
                if (newsHeard) {
                    bob = Purchase.start(new TicketDesk(bobSession, "Beta"), bobOffice, BOB);
                    bob.awaitDone(Timing.forPromptEvent());
                }
            } finally {
                aliceMayGoOn.countDown();
            }
            alice.awaitDone(Timing.forPromptEvent());
            return new Outcome(paid, newsHeard, alice.answer(), bob == null ? null : bob.answer(), Audit.of(database));
        }
    }

    /**
     * Waits until Alice's client knows its connection is gone and has told every watcher: first
     * its state leaves CONNECTED (the news is queued for the watchers by then), then a callback
     * queued behind that news runs. ZooKeeper calls watchers and callbacks in order, on one thread.
     * False if that did not happen in time.
     */
    private static boolean awaitNewsOfTheExpiry(ZooKeeper session) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (session.getState() == ZooKeeper.States.CONNECTED) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(LOOK_EVERY_MS);
        }
        CountDownLatch behindTheNews = new CountDownLatch(1);
        session.exists("/", false, (code, path, context, stat) -> behindTheNews.countDown(), null);
        return behindTheNews.await(Timing.forExpiryOf(Lab03.SESSION_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
