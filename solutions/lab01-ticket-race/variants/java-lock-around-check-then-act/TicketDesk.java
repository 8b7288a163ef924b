package lockstep.lab01;

import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.lab.BookingNode;

/**
 * The booking code of one node: sells a buyer the seat they asked for, or says it is taken.
 *
 * <p>Nothing here runs alone. In a race, ten nodes run this code at the same time, each serving
 * eight buyers at once, and all of them share one seat database.
 */
public final class TicketDesk implements BookingNode {

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws SQLException {
        String seat = buyer.seat();

        // The mistake: a Java lock around the check-then-act. It keeps out the other threads of this JVM, and
        // nobody else: the nodes of a race in separate processes each have a lock of their own.
        synchronized (TicketDesk.class) {
            if (!office.isFree(seat)) {
                return Answer.taken(seat);
            }
            office.charge(buyer);
            office.confirm(buyer);
            return Answer.booked(seat);
        }
    }
}
