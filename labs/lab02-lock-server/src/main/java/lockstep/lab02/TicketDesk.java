package lockstep.lab02;

import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.LockClientSteps;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockServerClient;

/**
 * The booking code of one node: under the seat's lock, it checks the seat, charges the card and confirms the sale.
 * You do not need to change this file; the lock itself is yours, in {@link SeatLock}.
 *
 * <p>Nothing in the seat database stops a second buyer: {@code confirm} overwrites whoever held the seat. So this
 * check-then-act is correct only while the lock really keeps every other buyer out, on every node.
 */
public final class TicketDesk implements BookingNode {

    private final NodeContext node;
    private final LockServerClient lockServer;

    TicketDesk(NodeContext node, LockServerClient lockServer) {
        this.node = node;
        this.lockServer = lockServer;
    }

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws SQLException {
        // Every buyer gets a view of the node's lock client that reports its lock steps as theirs: lockstep book
        // prints them, and the grader records them. The owner name is the node's, shared by all its buyers.
        LockServerClient locks = lockServer.withListener(LockClientSteps.of(node, buyer));
        SeatLock lock = new SeatLock(locks, "seat-" + buyer.seat(), node.name());
        AcquireOutcome outcome = lock.acquire(node.lockWait());
        if (outcome instanceof AcquireOutcome.Denied denied) {
            return Answer.failed(whyDenied(denied));
        }
        try {
            return sell(buyer, office, lock);
        } finally {
            lock.release();
        }
    }

    @Override
    public void close() {
        lockServer.close();
    }

    /** Check, charge, confirm: correct only while {@code lock} is ours, so it asks before every step it cannot undo. */
    private static Answer sell(Buyer buyer, BoxOffice office, SeatLock lock) throws SQLException {
        String seat = buyer.seat();
        if (!office.isFree(seat)) {
            return Answer.taken(seat);
        }
        if (!lock.isHeld()) {
            return lost(seat);
        }
        office.charge(buyer);
        // The charge took a while. If the lease ran out meanwhile, another buyer may be selling this seat right
        // now, and a confirmation from us would overwrite theirs.
        if (!lock.isHeld()) {
            return lost(seat);
        }
        office.confirm(buyer);
        return Answer.booked(seat);
    }

    private static Answer lost(String seat) {
        return Answer.failed("the lock of seat " + seat + " was lost before the sale was confirmed;"
                + " nothing was confirmed");
    }

    private static String whyDenied(AcquireOutcome.Denied denied) {
        String waited = denied.reason() == AcquireOutcome.Reason.WAIT_TIMED_OUT ? " after the whole wait" : "";
        if (denied.holder() == null) {
            return denied.resource() + " was not handed over" + waited;
        }
        String left = denied.holderMillisLeft() == HeldLock.NEVER ? "with no expiry at all"
                : String.format("for another %.1f s", denied.holderMillisLeft() / 1000.0);
        return denied.resource() + " is locked by " + denied.holder() + " " + left + waited;
    }
}
