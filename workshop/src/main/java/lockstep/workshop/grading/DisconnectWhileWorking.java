package lockstep.workshop.grading;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.faults.FaultSession;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.faults.ZooKeeperPartition;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Alice is cut off from ZooKeeper while she works, and goes on the moment her client has heard
 * {@code Disconnected}, before it could hear {@code Expired}. In an order fixed by a {@link Scene}, on any
 * ZooKeeper lock lab whose nodes' connection is a ZooKeeper session (each node is given a {@link Sessions}
 * session):
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
public final class DisconnectWhileWorking {

    public static final Buyer ALICE = new Buyer("Alice", "A1");
    public static final Buyer BOB = new Buyer("Bob", "A1");

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
    public record Outcome(boolean alicePaid, boolean disconnectHeard, boolean expiredHeard, ZooKeeper.States stateWhenAliceWentOn,
            Answer alice, Answer bob, AuditReport audit) {
    }

    private DisconnectWhileWorking() {
    }

    /** Runs the scene on {@code code}, whose nodes' sessions last {@code sessionTimeout}. */
    public static Outcome run(Implementation code, String connectString, Duration sessionTimeout) throws Exception {
        try (Sessions sessions = new Sessions(connectString, sessionTimeout);
             ZooKeeperPartition partition = ZooKeeperPartition.of(connectString);
             Scene scene = Scene.open(code, new Services(connectString, null), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            FaultSession aliceSession = sessions.open(partition.connectString());
            scene.openNode("Alpha", aliceSession);
            scene.openNode("Beta", sessions.open());
            Scene.Attempt alice = scene.start(ALICE, "Alpha", Step.CARD_CHARGED);
            boolean paid = false;
            boolean disconnectHeard = false;
            boolean expiredHeard = false;
            ZooKeeper.States stateWhenAliceWentOn = null;
            Answer bob = null;
            long aliceWentOn;
            try {
                paid = alice.awaitPaused(Timing.forPromptEvent());
                if (paid) {
                    partition.cut();
                    SessionExpiry.expire(aliceSession, connectString);
                    bob = scene.start(BOB, "Beta").awaitAnswer(Timing.forPromptEvent()).orElse(null);
                    disconnectHeard = aliceSession.awaitEveryWatcherTold(KeeperState.Disconnected,
                            Timing.forPromptEvent());
                    expiredHeard = aliceSession.hasHeard(KeeperState.Expired);
                }
            } finally {
                stateWhenAliceWentOn = aliceSession.getState(); // the toolkit asks her isHeld() next
                aliceWentOn = System.nanoTime();
                alice.goOn();
            }
            // Once she has decided, her client may reconnect and hear Expired: her release() then
            // ends at once instead of asking for a whole session timeout whose znode is there.
            scene.awaitStep(ALICE.id(), List.of(Step.LOCK_LOST, Step.SEAT_CONFIRMED, Step.LOCK_RELEASED, Step.ANSWERED),
                    aliceWentOn, Timing.forExpiryOf(sessionTimeout));
            partition.restore();
            Answer alicesAnswer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            return new Outcome(paid, disconnectHeard, expiredHeard, paid ? stateWhenAliceWentOn : null, alicesAnswer,
                    bob, scene.audit());
        }
    }
}
