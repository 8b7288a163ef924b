package lockstep.lab05;

import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Scene;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.zookeeper.CuratorConnection;
import org.apache.curator.framework.state.ConnectionState;

/**
 * Alice's session expires on the server while she pays, and her client has moved on to a new
 * session before she goes on. In an order fixed by a {@link Scene}:
 *
 * <ol>
 *   <li>Alice (node Alpha) takes A1's lock, finds A1 free, and stops as the payment begins.</li>
 *   <li>The grader expires Alpha's session on the server: ZooKeeper deletes her lock znode at once.
 *       Her client hears of it (SUSPENDED, then LOST) and opens a new session (RECONNECTED); the
 *       grader waits until every listener of the client has heard all three.</li>
 *   <li>Bob (node Beta) buys A1: the lock is free now.</li>
 *   <li>Alice goes on. Her lock must say it is lost, so that she does not confirm A1.</li>
 * </ol>
 */
final class ExpiryWhileWorking {

    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");

    /**
     * What happened.
     *
     * @param alicePaying     whether Alice got as far as paying (else the expiry did not land in her critical section)
     * @param newSession      whether her client had told every listener LOST, then RECONNECTED, with a new
     *                        session, before she went on
     * @param heard           the connection states her client told, in order
     * @param alice           Alice's answer, or null if she had none in time
     * @param bob             Bob's answer, or null if he had none in time
     * @param audit           what the seat database says
     * @param history         every step, on one clock
     */
    record Outcome(boolean alicePaying, boolean newSession, List<ConnectionState> heard, Answer alice, Answer bob,
                   AuditReport audit, History history) {
    }

    private ExpiryWhileWorking() {
    }

    static Outcome run(Implementation code, LockSeam<CuratorConnection> seam, String connectString) throws Exception {
        Services services = new Services(connectString, null);
        try (Scene scene = Scene.open(code, services, PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            CuratorConnection alpha = seam.connect("Alpha", services);
            scene.openNode("Alpha", alpha); // the scene closes it
            ListenersTold told = ListenersTold.follow(alpha.curator());
            Scene.Attempt alice = scene.start(ALICE, "Alpha", Step.CHARGING);
            boolean paying = false;
            boolean newSession = false;
            Answer bob = null;
            try {
                paying = alice.awaitPaused(Timing.forPromptEvent());
                if (paying) {
                    long sessionBefore = alpha.curator().getZookeeperClient().getZooKeeper().getSessionId();
                    SessionExpiry.expire(alpha.curator(), connectString);
                    newSession = told.awaitAfter(ConnectionState.LOST, ConnectionState.RECONNECTED, Timing.forPromptEvent())
                            && alpha.curator().getZookeeperClient().getZooKeeper().getSessionId() != sessionBefore;
                }
                if (newSession) {
                    bob = scene.start(BOB, "Beta").awaitAnswer(Timing.forPromptEvent()).orElse(null);
                }
            } finally {
                alice.goOn();
            }
            Answer alicesAnswer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            return new Outcome(paying, newSession, told.heard(), alicesAnswer, bob, scene.audit(), scene.history());
        }
    }
}
