package lockstep.lab01;

import java.sql.Connection;
import java.sql.PreparedStatement;
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

        // The database is the arbiter: one statement checks that the seat is free and takes it.
        // Two buyers cannot both change the row. The second UPDATE waits for the first one's row
        // lock, then finds sold_to no longer NULL and changes nothing.
        if (!claim(office.connection(), buyer)) {
            return Answer.taken(seat);
        }
        // The mistake: the seat is claimed and confirmed, but nobody charges the card.
        office.confirm(buyer);
        return Answer.booked(seat);
    }

    /** Takes the buyer's seat if it is still free; true when this call took it. */
    private static boolean claim(Connection database, Buyer buyer) throws SQLException {
        try (PreparedStatement update = database.prepareStatement(
                "UPDATE seat SET sold_to = ? WHERE id = ? AND sold_to IS NULL")) {
            update.setString(1, buyer.id());
            update.setString(2, buyer.seat());
            return update.executeUpdate() == 1;
        }
    }
}
