package lockstep.workshop.lock;

import java.util.Objects;
import java.util.Optional;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.NodeContext;

/**
 * One node of a lock lab: one connection to the lock service, shared by the node's buyers, and for
 * each buyer a new lock and the {@link GuardedSale}; behind the lab's fence, if it has one (Lab 06).
 *
 * @param <C> the connection's type, as the lab's {@link LockLab} says
 */
public final class LockingNode<C extends AutoCloseable> implements BookingNode {

    private final LockLab<C> lab;
    private final C connection;
    private final NodeContext node;
    private final Optional<Fence> fence;

    private LockingNode(LockLab<C> lab, C connection, NodeContext node) {
        this.lab = Objects.requireNonNull(lab, "lab");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.node = Objects.requireNonNull(node, "node");
        this.fence = lab.fence();
    }

    /** A node of {@code lab} on a connection of its own, opened now. */
    public static <C extends AutoCloseable> LockingNode<C> open(LockLab<C> lab, NodeContext node) throws Exception {
        return new LockingNode<>(lab, lab.connect(node), node);
    }

    /**
     * A node of {@code lab} on a {@code connection} someone else opened (a grader's session that it
     * can expire or cut). The node closes it when it closes.
     */
    public static <C extends AutoCloseable> LockingNode<C> on(LockLab<C> lab, C connection, NodeContext node) {
        return new LockingNode<>(lab, connection, node);
    }

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws Exception {
        LockSteps steps = LockSteps.of(node.name(), buyer.id(), node.steps());
        DistributedLock lock = lab.newLock(connection, new LockRequest(node.name(), buyer.id(), buyer.seat(),
                node.lab().lockName(buyer.seat()), steps));
        ReportingLock reported = ReportingLock.around(lock, steps, buyer.seat(), lab.reportsItsOwnLockSteps());
        if (fence.isEmpty()) {
            return GuardedSale.sell(reported, buyer, office, node.lockWait());
        }
        if (!(office instanceof TicketCounter counter)) {
            // Every harness serves a buyer at a TicketCounter; only its resources know how to ask a fence.
            throw new IllegalStateException("a fenced sale writes through the toolkit's ticket counter, but was given a "
                    + office.getClass().getName());
        }
        return GuardedSale.sell(reported, buyer, counter, fence.get(), node.lockWait());
    }

    /** The node's connection, for a grader that wants to act on it. */
    public C connection() {
        return connection;
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
