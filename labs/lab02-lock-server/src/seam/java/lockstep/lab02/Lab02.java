package lockstep.lab02;

import java.net.URI;
import java.time.Duration;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.ExplainsDenial;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockClientSteps;
import lockstep.workshop.lockserver.client.LockServerClient;

/**
 * How the toolkit runs your {@link SeatLock}: every node of a race opens one connection pool to the lock server, which
 * all its buyers share, and each buyer gets a {@code SeatLock} of its own for seat A1's lock, {@code seat-A1}. Under
 * the lock the toolkit checks the seat, charges the card and confirms, asking {@link SeatLock#isHeld()} before each
 * step it cannot undo. You do not need to change this file.
 *
 * <p>Nothing in the seat database stops a second buyer: a confirmation overwrites whoever held the seat. So that
 * check-then-act is correct only while your lock really keeps every other buyer out, on every node.
 */
public final class Lab02 implements LockLab<LockServerClient> {

    @Override
    public LockServerClient connect(NodeContext node) {
        return LockServerClient.connect(URI.create(node.services().requireLockServer()));
    }

    /**
     * The buyer's lock, on a view of the node's client that reports its steps as theirs: {@code lockstep book} prints
     * them, and the grader records them. The owner name is the node's, shared by all its buyers.
     */
    @Override
    public DistributedLock newLock(LockServerClient lockServer, LockRequest request) {
        LockServerClient locks = lockServer.withListener(LockClientSteps.of(request.steps()));
        return new AsDistributedLock(new SeatLock(locks, request.lock(), request.node()));
    }

    /** The lock server client reports each lock step at its exact point, such as {@code setnx-granted}. */
    @Override
    public boolean reportsItsOwnLockSteps() {
        return true;
    }

    /** A {@link SeatLock} as the toolkit's lock: granted is true, and a denial says who holds the lock. */
    private static final class AsDistributedLock implements DistributedLock, ExplainsDenial {

        private final SeatLock lock;
        private volatile String whyDenied;

        AsDistributedLock(SeatLock lock) {
            this.lock = lock;
        }

        @Override
        public boolean acquire(Duration maxWait) {
            AcquireOutcome outcome = lock.acquire(maxWait);
            if (outcome instanceof AcquireOutcome.Denied denied) {
                whyDenied = describe(denied);
                return false;
            }
            return true;
        }

        @Override
        public boolean isHeld() {
            return lock.isHeld();
        }

        @Override
        public void release() {
            lock.release();
        }

        @Override
        public String whyDenied() {
            return whyDenied;
        }

        private static String describe(AcquireOutcome.Denied denied) {
            String waited = denied.reason() == AcquireOutcome.Reason.WAIT_TIMED_OUT ? " after the whole wait" : "";
            if (denied.holder() == null) {
                return denied.resource() + " was not handed over" + waited;
            }
            String left = denied.holderMillisLeft() == HeldLock.NEVER ? "with no expiry at all"
                    : String.format("for another %.1f s", denied.holderMillisLeft() / 1000.0);
            return denied.resource() + " is locked by " + denied.holder() + " " + left + waited;
        }
    }
}
