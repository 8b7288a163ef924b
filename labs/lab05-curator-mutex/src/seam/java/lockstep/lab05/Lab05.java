package lockstep.lab05;

import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;

/**
 * How the toolkit runs your {@link SeatLocks}: every node opens one {@code SeatLocks} (one Curator
 * client, with the numbers you chose), and each of its buyers asks it for the lock of a seat, for
 * seat A1 the lock path {@code /lockstep/lab05/A1}. Under the lock the toolkit checks the seat,
 * charges the card and confirms, asking {@link DistributedLock#isHeld()} before each step it cannot
 * undo, and it releases the lock in a {@code finally} whatever happened. You do not need to change
 * this file.
 *
 * <p>The seat database does not protect the seat (a confirmation overwrites whoever held it), so
 * that check-then-act is correct only while the lock keeps every other buyer out, on every node.
 */
public final class Lab05 implements LockLab<SeatLocks> {

    @Override
    public SeatLocks connect(NodeContext node) throws Exception {
        return SeatLocks.connect(node.services().requireZookeeper(), node.name());
    }

    @Override
    public DistributedLock newLock(SeatLocks locks, LockRequest request) {
        return locks.lockFor(request.lock());
    }
}
