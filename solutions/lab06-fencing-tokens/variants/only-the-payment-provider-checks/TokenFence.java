package lockstep.lab06;

import java.sql.Connection;
import java.sql.PreparedStatement;
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
        if (write.resource().equals(FencedWrite.SEATS)) {
            // MISTAKE: money is what matters, so only the payment provider checks; the seat database takes any write.
            return true;
        }
        // One conditional update decides and raises the highest token together, and its row stays locked until the
        // write commits: a newer writer waits for it, and an older one finds the raised token.
        try (PreparedStatement raise = resource.prepareStatement("UPDATE fence SET token = ?, holder = ?"
                + " WHERE resource = ? AND seat = ? AND (token < ? OR (token = ? AND holder = ?))")) {
            raise.setLong(1, write.token());
            raise.setString(2, write.holder());
            raise.setString(3, write.resource());
            raise.setString(4, write.seat());
            raise.setLong(5, write.token());
            raise.setLong(6, write.token());
            raise.setString(7, write.holder());
            return raise.executeUpdate() == 1;
        }
    }
}
