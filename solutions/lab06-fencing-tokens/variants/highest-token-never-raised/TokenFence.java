package lockstep.lab06;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.FencedWrite;

/**
 * The check the payment provider and the seat database make before they take a write that carries a fencing token.
 * This is the second file you work on.
 *
 * <p>What it must guarantee when you are done: a resource takes a write only if its token is larger than every token
 * it has taken for that seat, or the very token of its last write from the same holder; it keeps that highest token
 * in the database, so that a restart forgets nothing; and deciding and taking are one step, which no pause can split.
 *
 * <p>The table {@code fence(resource, seat, token, holder)} has one row per resource ({@code seats} or
 * {@code payments}) and seat, starting at token 0 with no holder. The resource calls {@link #admits} in the middle of
 * the write's own transaction: it applies the write on the same connection after a yes, and rolls everything back
 * after a no.
 */
public final class TokenFence implements Fence {

    @Override
    public boolean admits(Connection resource, FencedWrite write) throws SQLException {
        // MISTAKE: compares with the highest token, but never raises it: it stays 0, and every token is above it.
        try (PreparedStatement highest = resource.prepareStatement(
                "SELECT token, holder FROM fence WHERE resource = ? AND seat = ?")) {
            highest.setString(1, write.resource());
            highest.setString(2, write.seat());
            try (ResultSet row = highest.executeQuery()) {
                row.next();
                return write.token() > row.getLong(1)
                        || (write.token() == row.getLong(1) && write.holder().equals(row.getString(2)));
            }
        }
    }
}
