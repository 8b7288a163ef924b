package lockstep.lab03;

import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Step;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * The booking code of one node: takes the seat's lock, and only while holding it checks the seat,
 * charges the card and confirms. You do not need to change this file; your work is in
 * {@link EphemeralLock}.
 *
 * <p>The seat database does not protect the seat ({@link BoxOffice#confirm} overwrites whoever
 * held it), so this check-charge-confirm is safe only if the lock lets one buyer in at a time.
 * Before each irreversible step the desk asks {@link EphemeralLock#isHeld()}: a buyer whose lock
 * is gone stops and is told the booking failed.
 *
 * <p>Every lock step is reported with the seat as its detail ({@code lock asked A1}), so that
 * {@code lockstep book} can print it and a grader can tell who held which lock when.
 */
public final class TicketDesk implements BookingNode {

    private final ZooKeeper session;
    private final String node;

    /** A desk for node {@code node} on {@code session}, which it closes when the node closes. */
    public TicketDesk(ZooKeeper session, String node) {
        this.session = session;
        this.node = node;
    }

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws SQLException, InterruptedException {
        String seat = buyer.seat();
        EphemeralLock lock = new EphemeralLock(session, Lab03.LOCKS + "/" + seat, node + "/" + buyer.id());

        office.report(Step.LOCK_ASKED, seat);
        try {
            lock.acquire();
        } catch (KeeperException e) {
            return Answer.failed("could not take the lock of " + seat + ": " + e.getMessage());
        }
        office.report(Step.LOCK_GRANTED, seat);
        try {
            return sellWhileHolding(lock, buyer, office);
        } finally {
            // Reported first: from here on this buyer does nothing that needs the lock, while the
            // next holder may start the moment the znode is gone.
            office.report(Step.LOCK_RELEASED, seat);
            lock.release();
        }
    }

    /** Closes the node's ZooKeeper session: ZooKeeper deletes its ephemeral znodes at once. */
    @Override
    public void close() {
        ZooKeeperConnections.closeQuietly(session);
    }

    private static Answer sellWhileHolding(EphemeralLock lock, Buyer buyer, BoxOffice office) throws SQLException {
        String seat = buyer.seat();
        if (!office.isFree(seat)) {
            return Answer.taken(seat);
        }
        // Each check below is as late as it can be: checking takes no time, while the steps
        // between them do (the payment provider takes tens of milliseconds, and longer under load).
        if (!lock.isHeld()) {
            return lost(office, seat, "before the charge");
        }
        office.charge(buyer);
        if (!lock.isHeld()) {
            // The card is charged but the seat is not ours to give: a real shop refunds here.
            // Confirming would sell the seat a second time if the next holder has sold it already.
            return lost(office, seat, "after the charge");
        }
        office.confirm(buyer);
        return Answer.booked(seat);
    }

    private static Answer lost(BoxOffice office, String seat, String when) {
        office.report(Step.LOCK_LOST, seat);
        return Answer.failed("lost the lock of " + seat + " " + when + "; the seat was not confirmed");
    }
}
