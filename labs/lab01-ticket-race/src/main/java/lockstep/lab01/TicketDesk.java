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

        // TODO(lab01): this is check-then-act, and it oversells. The check (isFree) and the sale
        //  (confirm) are separate steps with a 30 ms card charge between them. Any number of buyers
        //  on other nodes can check seat A1 in that gap, find it free, and pay for it too.
        //  Task 1: the decision "A1 is free, so it is mine" must be one step that no other buyer, on
        //          any node, can get between. The seat database can make it for you.
        //  Task 2: the card is charged exactly once, and only for a buyer whose claim succeeded.
        //  Task 3: a buyer whose claim did not take the seat is told it is taken.
        if (!office.isFree(seat)) {
            return Answer.taken(seat);
        }
        office.charge(buyer);
        office.confirm(buyer);
        return Answer.booked(seat);
    }
}
