package lockstep.lab01;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.lab.BookingNode;

/**
 * Known mistake: the conditional UPDATE is right, but its row count is ignored. The buyer whose
 * UPDATE changed nothing lost the race, and is charged and sold the seat anyway.
 */
public final class TicketDesk implements BookingNode {

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws SQLException {
        String seat = buyer.seat();
        try (PreparedStatement update = office.connection().prepareStatement(
                "UPDATE seat SET sold_to = ? WHERE id = ? AND sold_to IS NULL")) {
            update.setString(1, buyer.id());
            update.setString(2, seat);
            update.executeUpdate();
        }
        office.charge(buyer);
        office.confirm(buyer);
        return Answer.booked(seat);
    }
}
