package lockstep.workshop.booking;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The check a resource makes before it applies a write that carries a fencing token (Lab 06): the seat database
 * before it confirms a seat, the payment provider before it charges a card. The lab's code implements it; the
 * resource calls it.
 *
 * <p>It runs inside the resource's own transaction for that one write, on the resource's connection: the write is
 * applied on the same connection right after a yes and committed together with whatever the check changed; after a
 * no, everything rolls back. The resource keeps, for each of its seats, the highest token it has accepted and whose
 * it was, in the table {@code fence(resource, seat, token, holder)}: one row per resource and seat, starting at token
 * 0 with no holder.
 */
@FunctionalInterface
public interface Fence {

    /**
     * Whether {@code write} may be applied.
     *
     * @param resource a connection in the middle of the write's transaction; leave it open and uncommitted
     * @param write    which resource and seat, the token the holder showed, and who the holder is
     * @return true to apply the write, false to refuse it
     */
    boolean admits(Connection resource, FencedWrite write) throws SQLException;
}
