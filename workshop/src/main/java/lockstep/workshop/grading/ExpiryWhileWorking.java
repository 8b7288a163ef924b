package lockstep.workshop.grading;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import org.apache.zookeeper.ZooKeeper;

/**
 * Alice's session expires while she works, in an order fixed by a {@link Scene}, on any ZooKeeper lock
 * lab whose nodes' connection is a ZooKeeper session (each node is given a {@link Sessions} session):
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
public final class ExpiryWhileWorking {

    public static final Buyer ALICE = new Buyer("Alice", "A1");
    public static final Buyer BOB = new Buyer("Bob", "A1");

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
    public record Outcome(boolean alicePaid, boolean newsHeard, Answer alice, Answer bob, AuditReport audit) {
    }

    private ExpiryWhileWorking() {
    }

    /** Runs the scene on {@code code}, whose nodes' sessions last {@code sessionTimeout}. */
    public static Outcome run(Implementation code, String connectString, Duration sessionTimeout) throws Exception {
        try (Sessions sessions = new Sessions(connectString, sessionTimeout);
             Scene scene = Scene.open(code, new Services(connectString, null), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            ZooKeeper aliceSession = sessions.open();
            scene.openNode("Alpha", aliceSession);
            scene.openNode("Beta", sessions.open());
            Scene.Attempt alice = scene.start(ALICE, "Alpha", Step.CARD_CHARGED);
            boolean paid = false;
            boolean newsHeard = false;
            Answer bob = null;
            try {
                paid = alice.awaitPaused(Timing.forPromptEvent());
                if (paid) {
                    SessionExpiry.expire(aliceSession, connectString);
                    newsHeard = awaitNewsOfTheExpiry(aliceSession, sessionTimeout);
                }
                if (newsHeard) {
                    bob = scene.start(BOB, "Beta").awaitAnswer(Timing.forPromptEvent()).orElse(null);
                }
            } finally {
                alice.goOn();
            }
            Answer alicesAnswer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            return new Outcome(paid, newsHeard, alicesAnswer, bob, scene.audit());
        }
    }

    /**
     * Waits until Alice's client knows its connection is gone and has told every watcher: first
     * its state leaves CONNECTED (the news is queued for the watchers by then), then a callback
     * queued behind that news runs. ZooKeeper calls watchers and callbacks in order, on one thread.
     * False if that did not happen in time.
     */
    private static boolean awaitNewsOfTheExpiry(ZooKeeper session, Duration sessionTimeout) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (session.getState() == ZooKeeper.States.CONNECTED) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(LOOK_EVERY_MS);
        }
        CountDownLatch behindTheNews = new CountDownLatch(1);
        session.exists("/", false, (code, path, context, stat) -> behindTheNews.countDown(), null);
        return behindTheNews.await(Timing.forExpiryOf(sessionTimeout).toMillis(), TimeUnit.MILLISECONDS);
    }
}
