package lockstep.workshop.lock;

import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Function;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.booking.WritePass;

/**
 * The sale every lock lab makes under its lock: take the seat's lock, then check the seat, charge
 * the card and confirm, asking before each step that cannot be undone whether the lock is still
 * held, and let the lock go at the end.
 *
 * <p>The seat database does not protect the seat ({@link BoxOffice#confirm} overwrites whoever
 * held it), so this check-then-act is correct only while the lock keeps every other buyer out,
 * on every node. A buyer whose lock is gone stops and is told the booking failed.
 *
 * <p>Asking "do I still hold it?" cannot cover the moment between the answer and the write: a
 * holder frozen there wakes up and writes. Behind a fence (Lab 06) each write also carries the
 * holder's pass with the lock's fencing token, and the resource refuses a token older than one it
 * has accepted.
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
        return sell(lock, buyer, office, maxWait, held -> new Unfenced(office));
    }

    /**
     * Sells as {@link #sell(ReportingLock, Buyer, BoxOffice, Duration)} does, with both writes sent
     * to resources behind {@code fence}, each with the holder's pass (Lab 06).
     *
     * @return as above; failed also when a resource refused the holder's fencing token
     */
    public static Answer sell(ReportingLock lock, Buyer buyer, TicketCounter counter, Fence fence, Duration maxWait)
            throws Exception {
        // The pass is made once the lock is held: the token is the grant's, and so is the time.
        return sell(lock, buyer, counter, maxWait, held -> new Fenced(counter, fence,
                new WritePass(buyer.id(), held.fencingToken(), held.grantedAtNanos())));
    }

    private static Answer sell(ReportingLock lock, Buyer buyer, BoxOffice office, Duration maxWait,
                               Function<ReportingLock, Writes> writesOnceHeld) throws Exception {
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
            return sellWhileHolding(lock, buyer, office, writesOnceHeld.apply(lock));
        } finally {
            lock.release();
        }
    }

    private static Answer sellWhileHolding(DistributedLock lock, Buyer buyer, BoxOffice office, Writes writes)
            throws SQLException {
        String seat = buyer.seat();
        if (!office.isFree(seat)) {
            return Answer.taken(seat);
        }
        // Each check is as late as it can be: checking takes no time, while the steps between them
        // do (the payment provider takes tens of milliseconds, and longer under load).
        if (!lock.isHeld()) {
            return lost(seat, "before the charge");
        }
        if (!writes.charge(buyer)) {
            return refused(seat, "the payment provider", writes, "nothing was charged");
        }
        if (!lock.isHeld()) {
            // The card is charged but the seat is not ours to give: a real shop refunds here.
            // Confirming would sell the seat a second time if the next holder has sold it already.
            return lost(seat, "after the charge");
        }
        if (!writes.confirm(buyer)) {
            // As above: the card is charged, and a real shop refunds it.
            return refused(seat, "the seat database", writes, "the seat was not confirmed");
        }
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

    private static Answer refused(String seat, String resource, Writes writes, String consequence) {
        return Answer.failed(resource + " refused " + writes.shown() + " for " + seat + ": the lock"
                + " has passed to a newer holder; " + consequence);
    }

    /** The two writes of a sale: as they come, or behind a fence with the holder's pass. */
    private sealed interface Writes permits Unfenced, Fenced {

        /** Charges the buyer; false if the payment provider refused. */
        boolean charge(Buyer buyer) throws SQLException;

        /** Confirms the buyer's seat; false if the seat database refused. */
        boolean confirm(Buyer buyer) throws SQLException;

        /** What the writes show the resources, in words: {@code fencing token 7}. */
        String shown();
    }

    /** Writes the resources take as they come: none is ever refused. */
    private record Unfenced(BoxOffice office) implements Writes {

        @Override
        public boolean charge(Buyer buyer) throws SQLException {
            office.charge(buyer);
            return true;
        }

        @Override
        public boolean confirm(Buyer buyer) throws SQLException {
            office.confirm(buyer);
            return true;
        }

        @Override
        public String shown() {
            return "nothing";
        }
    }

    /** Writes that carry the holder's pass to resources behind the lab's fence. */
    private record Fenced(TicketCounter counter, Fence fence, WritePass pass) implements Writes {

        @Override
        public boolean charge(Buyer buyer) throws SQLException {
            return counter.charge(buyer, pass, fence);
        }

        @Override
        public boolean confirm(Buyer buyer) throws SQLException {
            return counter.confirm(buyer, pass, fence);
        }

        @Override
        public String shown() {
            return pass.tokenInWords();
        }
    }
}
