package lockstep.lab01;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.lab.BookingNode;

/**
 * Known mistake: SELECT ... FOR UPDATE in auto-commit mode. The row lock is real, but it ends with
 * the statement's own transaction, before the card is charged and the seat sold.
 */
public final class TicketDesk implements BookingNode {

    @Override
    public Answer buy(Buyer buyer, BoxOffice office) throws SQLException {
        String seat = buyer.seat();
        try (PreparedStatement select = office.connection().prepareStatement(
                "SELECT sold_to FROM seat WHERE id = ? FOR UPDATE")) {
            select.setString(1, seat);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next() || row.getString(1) != null) {
                    return Answer.taken(seat);
                }
            }
        }
        office.charge(buyer);
        office.confirm(buyer);
        return Answer.booked(seat);
    }
}
