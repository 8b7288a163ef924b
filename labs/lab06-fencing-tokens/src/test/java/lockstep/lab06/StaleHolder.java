package lockstep.lab06;

import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.grading.Scene;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;

/**
 * A holder whose lock passes on just before a write, in an order fixed by a {@link Scene}:
 *
 * <ol>
 *   <li>Alice (node Alpha) takes A1's lock, finds A1 free, and stops at the chosen step: as she starts to pay
 *       ({@link Step#CHARGING}), or once she has paid and {@code isHeld()} has said yes, as she is about to confirm
 *       ({@link Step#CONFIRMING}). Both are after her last look at her lock and before the resource sees her write.</li>
 *   <li>The grader ends her lock behind her back: on the lock server it moves the server's clock past her lease; on
 *       ZooKeeper it expires her session on the server, which deletes her lock node.</li>
 *   <li>Bob (node Beta) takes the lock and buys A1.</li>
 *   <li>Alice goes on. Her write reaches the resource with her older token, and must be refused.</li>
 * </ol>
 */
final class StaleHolder {

    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");

    /**
     * What happened.
     *
     * @param stoppedThere  whether Alice reached the step (else her lock never passed on while she wrote)
     * @param bob           Bob's answer, or null if he had none in time
     * @param alice         Alice's answer, or null if she had none in time
     * @param audit         what the seat database and the payment provider say
     */
    record Outcome(boolean stoppedThere, Answer bob, Answer alice, AuditReport audit) {
    }

    private StaleHolder() {
    }

    /** On Lab 02's lock server: Alice's lease ends as she starts to pay. */
    static Outcome leaseEndsAsSheStartsToPay(Implementation onLockServer) throws Exception {
        try (GraderLockServer server = GraderLockServer.withManualClock();
             Scene scene = Scene.open(onLockServer, server.services(), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            return play(scene, Step.CHARGING, server::endEveryLease);
        }
    }

    /** On ZooKeeper: Alice's session expires once she has paid, as she is about to confirm. */
    static Outcome sessionEndsAsSheConfirms(Implementation onZooKeeper, String connectString) throws Exception {
        try (Scene scene = Scene.open(onZooKeeper, new Services(connectString, null),
                PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            CuratorFramework alicesNode = ZooKeeperConnections.curator(connectString, Lab06.SESSION_TIMEOUT);
            scene.openNode("Alpha", alicesNode);
            return play(scene, Step.CONFIRMING, () -> SessionExpiry.expire(alicesNode, connectString));
        }
    }

    /** Something that ends Alice's lock and returns once the lock service has let it go. */
    @FunctionalInterface
    private interface EndOfHerLock {
        void strike() throws Exception;
    }

    private static Outcome play(Scene scene, Step stopAt, EndOfHerLock endHerLock) throws Exception {
        Scene.Attempt alice = scene.start(ALICE, "Alpha", stopAt);
        boolean stopped = false;
        Answer bob = null;
        try {
            stopped = alice.awaitPaused(Timing.forPromptEvent());
            if (stopped) {
                endHerLock.strike();
                bob = scene.start(BOB, "Beta").awaitAnswer(Timing.forPromptEvent()).orElse(null);
            }
        } finally {
            alice.goOn();
        }
        Answer alicesAnswer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
        return new Outcome(stopped, bob, alicesAnswer, scene.audit());
    }
}
