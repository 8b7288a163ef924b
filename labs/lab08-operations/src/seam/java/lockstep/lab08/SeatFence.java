package lockstep.lab08;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.FencedWrite;

/**
 * Lab 06's fence, done: a resource takes a write whose token is above the highest it has taken for the seat, or equal
 * to it from the same holder. Deciding and raising are one conditional update, whose row stays locked until the write
 * commits. You do not need to change this file; your break-glass moves the same row.
 */
final class SeatFence implements Fence {

    @Override
    public boolean admits(Connection resource, FencedWrite write) throws SQLException {
        try (PreparedStatement raise = resource.prepareStatement("UPDATE fence SET holder = ?, token = ?"
                + " WHERE seat = ? AND resource = ? AND (token < ? OR (holder = ? AND token = ?))")) {
            int column = 0;
            raise.setString(++column, write.holder());
            raise.setLong(++column, write.token());
            raise.setString(++column, write.seat());
            raise.setString(++column, write.resource());
            raise.setLong(++column, write.token());
            raise.setString(++column, write.holder());
            raise.setLong(++column, write.token());
            return raise.executeUpdate() == 1;
        }
    }
}
