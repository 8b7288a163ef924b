package lockstep.lab01;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.lab.BookingNode;

/**
 * Known mistake: the card is charged before the seat is claimed. No seat is sold twice, but every
 * buyer who loses the claim has already paid, and a charge cannot be taken back.
 */
public final class TicketDesk implements BookingNode {

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws SQLException {
        String seat = buyer.seat();
        office.charge(buyer);
        try (PreparedStatement update = office.connection().prepareStatement(
                "UPDATE seat SET sold_to = ? WHERE id = ? AND sold_to IS NULL")) {
            update.setString(1, buyer.id());
            update.setString(2, seat);
            if (update.executeUpdate() == 0) {
                return Answer.taken(seat);
            }
        }
        office.confirm(buyer);
        return Answer.booked(seat);
    }
}
