package lockstep.lab05;

import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.faults.ZooKeeperPartition;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Scene;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.zookeeper.CuratorConnection;
import org.apache.curator.CuratorZookeeperClient;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Alice is cut off from ZooKeeper while she pays for A1: node Alpha reaches ZooKeeper through a TCP
 * proxy, which the grader freezes (no byte passes, no reset: silence). Her client notices after
 * about two thirds of its session and tells its listeners SUSPENDED; Curator says LOST only once a
 * whole session has passed since. Everything happens in an order fixed by a {@link Scene}; Bob is
 * a buyer of node Beta, which is not cut off.
 *
 * <p>{@link #pastHerSession}: the cut outlasts her session. The grader expires the session on the
 * server right after the cut, as the server does once a cut outlasts it (waiting for the server's
 * own expiry would leave about 2 s between it and Curator's LOST; expiring it now leaves about 4).
 * ZooKeeper deletes her lock znode, Bob buys A1, and Alice goes on the moment every listener of her
 * client has heard SUSPENDED, while it still cannot say LOST.
 *
 * <p>{@link #withinHerSession}: Bob waits behind Alice in A1's queue; the grader lets the traffic
 * through again as soon as her listeners have heard SUSPENDED, and Alice goes on once they have
 * heard RECONNECTED, with the same session and her znode still first in the queue. Nobody else can
 * have held A1 meanwhile, so going on is safe, and so is stopping; either way A1 is sold once, and
 * her release must let go of her znode (her session lives on, so nobody else will), for Bob.
 */
final class CutWhilePaying {

    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");

    /**
     * What happened.
     *
     * @param alicePaying     whether Alice got as far as paying (with Bob queued behind her, for a cut within her
     *                        session): else the cut did not land where it should
     * @param landed          past her session: whether every listener of her client had heard SUSPENDED, and none
     *                        LOST, when she went on; within it: whether they had heard SUSPENDED, then RECONNECTED, no
     *                        LOST, with the same session and her znode still first in the queue
     * @param suspendedAfterMillis from the cut until every listener had heard SUSPENDED
     * @param sessionMillis   the session timeout Alice's client had agreed with the server
     * @param heard           the connection states her client had told when she went on, in order
     * @param alice           Alice's answer, or null if she had none in time
     * @param bob             Bob's answer, or null if he had none in time
     * @param leftOver        A1's lock znodes once both had answered, while both nodes still ran
     * @param audit           what the seat database says
     * @param history         every step, on one clock
     */
    record Outcome(boolean alicePaying, boolean landed, long suspendedAfterMillis, int sessionMillis,
                   List<ConnectionState> heard, Answer alice, Answer bob, List<LockQueue.Place> leftOver,
                   AuditReport audit, History history) {
    }

    private CutWhilePaying() {
    }

    /** The cut outlasts Alice's session; she goes on at SUSPENDED, after Bob has bought A1. */
    static Outcome pastHerSession(Implementation code, LockSeam<CuratorConnection> seam, String connectString,
            ZooKeeper observer) throws Exception {
        try (Stage stage = Stage.open(code, seam, connectString)) {
            boolean paying = stage.alice.awaitPaused(Timing.forPromptEvent());
            boolean landed = false;
            long suspendedAfterMillis = 0;
            Answer bob = null;
            List<ConnectionState> heard;
            long aliceWentOn;
            try {
                if (paying) {
                    ZooKeeper handle = stage.curator().getZooKeeper();
                    long cut = System.nanoTime();
                    stage.partition.cut();
                    SessionExpiry.expire(handle.getSessionId(), handle.getSessionPasswd(), connectString);
                    bob = stage.scene.start(BOB, "Beta").awaitAnswer(Timing.forPromptEvent()).orElse(null);
                    landed = stage.told.await(ConnectionState.SUSPENDED, Timing.forPromptEvent())
                            && !stage.told.hasHeard(ConnectionState.LOST);
                    suspendedAfterMillis = (System.nanoTime() - cut) / 1_000_000;
                }
            } finally {
                heard = stage.told.heard();
                aliceWentOn = System.nanoTime();
                stage.alice.goOn();
            }
            // Once she has decided, her client may reach ZooKeeper again: her release then ends at
            // once instead of trying for as long as her retry policy allows.
            stage.scene.awaitStep(ALICE.id(), List.of(Step.LOCK_LOST, Step.SEAT_CONFIRMED, Step.LOCK_RELEASED,
                    Step.ANSWERED), aliceWentOn, Timing.forPromptEvent());
            stage.partition.restore();
            Answer alice = stage.alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            return new Outcome(paying, landed, suspendedAfterMillis, stage.sessionMillis, heard, alice, bob,
                    LockQueue.of(observer, seam.lockName("A1")), stage.scene.audit(), stage.scene.history());
        }
    }

    /** The cut ends within Alice's session; she goes on at RECONNECTED, with Bob waiting behind her. */
    static Outcome withinHerSession(Implementation code, LockSeam<CuratorConnection> seam, String connectString,
            ZooKeeper observer) throws Exception {
        String a1 = seam.lockName("A1");
        try (Stage stage = Stage.open(code, seam, connectString)) {
            Scene.Attempt bob = null;
            boolean paying = stage.alice.awaitPaused(Timing.forPromptEvent());
            boolean landed = false;
            long suspendedAfterMillis = 0;
            List<ConnectionState> heard;
            try {
                if (paying) {
                    bob = stage.scene.start(BOB, "Beta");
                    paying = LockQueue.awaitSize(observer, a1, 2, Timing.forPromptEvent());
                }
                if (paying) {
                    long session = stage.curator().getZooKeeper().getSessionId();
                    long cut = System.nanoTime();
                    stage.partition.cut();
                    boolean suspended = stage.told.await(ConnectionState.SUSPENDED, Timing.forPromptEvent());
                    suspendedAfterMillis = (System.nanoTime() - cut) / 1_000_000;
                    stage.partition.restore();
                    landed = suspended
                            && stage.told.awaitAfter(ConnectionState.SUSPENDED, ConnectionState.RECONNECTED,
                                    Timing.forPromptEvent())
                            && !stage.told.hasHeard(ConnectionState.LOST)
                            && stage.curator().getZooKeeper().getSessionId() == session
                            && LockQueue.of(observer, a1).stream().findFirst()
                                    .filter(first -> first.session() == session).isPresent();
                }
            } finally {
                heard = stage.told.heard();
                stage.partition.restore();
                stage.alice.goOn();
            }
            Answer alice = stage.alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            Answer bobsAnswer = bob == null ? null : bob.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            return new Outcome(paying, landed, suspendedAfterMillis, stage.sessionMillis, heard, alice, bobsAnswer,
                    LockQueue.of(observer, a1), stage.scene.audit(), stage.scene.history());
        }
    }

    /**
     * The scene both cuts play in: node Alpha behind the proxy, its listeners followed, and Alice started, to stop as
     * her payment begins.
     */
    private static final class Stage implements AutoCloseable {

        final ZooKeeperPartition partition;
        final Scene scene;
        final CuratorConnection alpha;
        final ListenersTold told;
        final int sessionMillis;
        final Scene.Attempt alice;

        private Stage(ZooKeeperPartition partition, Scene scene, CuratorConnection alpha) throws Exception {
            this.partition = partition;
            this.scene = scene;
            this.alpha = alpha;
            this.told = ListenersTold.follow(alpha.curator());
            this.sessionMillis = curator().getZooKeeper().getSessionTimeout();
            this.alice = scene.start(ALICE, "Alpha", Step.CHARGING);
        }

        static Stage open(Implementation code, LockSeam<CuratorConnection> seam, String connectString) throws Exception {
            ZooKeeperPartition partition = ZooKeeperPartition.of(connectString);
            try {
                Scene scene = Scene.open(code, new Services(connectString, null), PaymentProvider.DEFAULT_PAYMENT_TIME);
                try {
                    CuratorConnection alpha = seam.connect("Alpha", new Services(partition.connectString(), null));
                    scene.openNode("Alpha", alpha); // the scene closes it
                    return new Stage(partition, scene, alpha);
                } catch (Exception e) {
                    scene.close();
                    throw e;
                }
            } catch (Exception e) {
                partition.close();
                throw e;
            }
        }

        CuratorZookeeperClient curator() {
            return alpha.curator().getZookeeperClient();
        }

        /** Closes the scene (its buyers, its nodes, its database), then the proxy. */
        @Override
        public void close() throws Exception {
            try (ZooKeeperPartition proxy = partition; Scene closing = scene) {
                // try-with-resources closes the scene first, then the proxy, and keeps the first failure
            }
        }
    }
}
