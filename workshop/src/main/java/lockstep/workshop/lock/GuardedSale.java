package lockstep.workshop.lock;

import java.sql.SQLException;
import java.time.Duration;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;

/**
 * The sale every lock lab makes under its lock: take the seat's lock, then check the seat, charge
 * the card and confirm, asking before each step that cannot be undone whether the lock is still
 * held, and let the lock go at the end.
 *
 * <p>The seat database does not protect the seat ({@link BoxOffice#confirm} overwrites whoever
 * held it), so this check-then-act is correct only while the lock keeps every other buyer out,
 * on every node. A buyer whose lock is gone stops and is told the booking failed.
 */
public final class GuardedSale {

    private GuardedSale() {
    }

    /**
     * Sells {@code buyer} their seat under {@code lock}, waiting up to {@code maxWait} for it.
     *
     * @return booked, taken (the seat was sold before we held the lock), or failed (no lock, or
     *         the lock was lost before the confirmation)
     */
    public static Answer sell(ReportingLock lock, Buyer buyer, BoxOffice office, Duration maxWait) throws Exception {
        String seat = buyer.seat();
        boolean acquired;
        try {
            acquired = lock.acquire(maxWait);
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            return Answer.failed("could not take the lock of " + seat + ": " + (e.getMessage() == null ? e : e.getMessage()));
        }
        if (!acquired) {
            return Answer.failed(lock.whyDenied().orElse(notInTime(seat, maxWait)));
        }
        try {
            return sellWhileHolding(lock, buyer, office);
        } finally {
            lock.release();
        }
    }

    private static Answer sellWhileHolding(DistributedLock lock, Buyer buyer, BoxOffice office) throws SQLException {
        String seat = buyer.seat();
        if (!office.isFree(seat)) {
            return Answer.taken(seat);
        }
        // Each check is as late as it can be: checking takes no time, while the steps between them
        // do (the payment provider takes tens of milliseconds, and longer under load).
        if (!lock.isHeld()) {
            return lost(seat, "before the charge");
        }
        office.charge(buyer);
        if (!lock.isHeld()) {
            // The card is charged but the seat is not ours to give: a real shop refunds here.
            // Confirming would sell the seat a second time if the next holder has sold it already.
            return lost(seat, "after the charge");
        }
        office.confirm(buyer);
        return Answer.booked(seat);
    }

    /** Why a lock that did not come in time was not sold under, in the buyer's words. */
    private static String notInTime(String seat, Duration maxWait) {
        if (maxWait.isZero()) {
            return "the lock of " + seat + " is held by someone else, and this buyer asked once without waiting";
        }
        String wait = maxWait.toMillis() % 1000 == 0 ? maxWait.toSeconds() + " s" : maxWait.toMillis() + " ms";
        return "the lock of " + seat + " did not come within " + wait;
    }

    private static Answer lost(String seat, String when) {
        return Answer.failed("lost the lock of " + seat + " " + when + "; the seat was not confirmed");
    }
}
