package lockstep.workshop.lock;

import java.util.Optional;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;

/**
 * The seam of a lock lab: how the toolkit gets a node's connection to the lock service, and a
 * {@link DistributedLock} for one buyer's attempt. The toolkit does the rest: the guarded sale
 * (check, charge, confirm while the lock is held), the steps, the races and the graders.
 *
 * <p>Each lab's class {@code lockstep.labNN.LabNN} implements it, and the learner's starter, the
 * reference solution and every known-buggy variant share that class, so one grader judges them
 * all. A grader reaches the learner's lock only through it, so a learner may shape their own lock
 * file as they like.
 *
 * @param <C> a node's connection to the lock service, shared by all its buyers: a ZooKeeper
 *            session, a lock server client, a Curator client; closed when the node closes
 */
public interface LockLab<C extends AutoCloseable> extends LabBooking {

    /** Opens the connection of node {@code node.name()}, ready for its buyers' locks. */
    C connect(NodeContext node) throws Exception;

    /** A new lock for one attempt of {@code request.buyer()} on {@code request.seat()}, on {@code connection}. */
    DistributedLock newLock(C connection, LockRequest request);

    /**
     * Whether this lab's locks report their own steps to {@link LockRequest#steps()} (asked,
     * granted, denied, renewed, lost, released), at finer points than the toolkit sees from
     * outside. False for most labs: the toolkit reports them.
     */
    default boolean reportsItsOwnLockSteps() {
        return false;
    }

    /**
     * The check this lab puts in front of the seat database and the payment provider (Lab 06), asked once per node.
     * With one, the guarded sale sends every write with the holder's pass, and the resources apply it only if the
     * fence admits its fencing token. Empty for most labs: their resources take every write as it comes.
     */
    default Optional<Fence> fence() {
        return Optional.empty();
    }

    /** A node that sells under this lab's lock: one connection, a lock per buyer, the guarded sale. */
    @Override
    default BookingNode openNode(NodeContext node) throws Exception {
        return LockingNode.open(this, node);
    }
}
