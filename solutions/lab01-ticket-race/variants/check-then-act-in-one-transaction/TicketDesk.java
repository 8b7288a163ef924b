package lockstep.lab01;

import java.sql.Connection;
import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.lab.BookingNode;

/**
 * Known mistake: "a transaction makes it atomic". At the default isolation level (READ COMMITTED)
 * the SELECT inside isFree takes no lock, so two transactions both read the seat as free and both
 * sell it. A transaction makes the steps all-or-nothing; it does not keep other buyers out.
 */
public final class TicketDesk implements BookingNode {

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws SQLException {
        String seat = buyer.seat();
        Connection database = office.connection();
        database.setAutoCommit(false);
        try {
            if (!office.isFree(seat)) {
                database.rollback();
                return Answer.taken(seat);
            }
            office.charge(buyer);
            office.confirm(buyer);
            database.commit();
            return Answer.booked(seat);
        } finally {
            database.setAutoCommit(true);
        }
    }
}
