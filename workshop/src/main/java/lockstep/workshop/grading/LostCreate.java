package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lockstep.workshop.faults.FaultSession;
import lockstep.workshop.lock.DistributedLock;

/**
 * Alice, alone in A1's line, asks for its lock on a session of her own whose next create is lost: the request on its
 * way, or the answer on its way back (ConnectionLoss either way). The ZooKeeper labs' lost-create checks start this
 * way; each then judges what Alice's lock did about it.
 *
 * @param session     Alice's session, the one that loses the create
 * @param alice       her lock of A1, made by the lab's code
 * @param acquisition her {@code acquire}, running on a thread of its own
 */
public record LostCreate(FaultSession session, DistributedLock alice, LockCall acquisition) {

    /** Opens Alice's session, arms the loss of {@code what}, and starts her {@code acquire(maxWait)} of A1. */
    public static LostCreate aliceAsks(Sessions sessions, LockSeam<? super FaultSession> seam, FaultSession.Lost what,
            Duration maxWait) {
        FaultSession session = sessions.open();
        session.loseNextCreate(what);
        DistributedLock alice = seam.lock(session, "Alpha", "Alice", "A1");
        return new LostCreate(session, alice, LockCall.acquire(alice, "Alice", maxWait));
    }

    /** Fails the check as inconclusive if Alice's lock never called create: then nothing was lost. */
    public void assertStruck() {
        assertThat(session.createsStruck())
                .withFailMessage("Inconclusive: Alice's lock never called create(String, byte[], List, CreateMode).")
                .isPositive();
    }
}
