package lockstep.workshop.booking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;

/**
 * How a resource behind a {@link Fence} takes one write from a lock holder (Lab 06). In one transaction of its own:
 * the fence decides on the holder's token, the write is applied only after a yes, and the attempt is recorded in
 * {@code fenced_write}. After a no, everything the transaction did rolls back, and the refusal alone is recorded. A
 * write whose holder showed no token is applied as it comes, and recorded too: the audit judges every write to a
 * fenced resource, checked or not.
 *
 * <p>The record is written last, inside the write's own transaction, so that the order of the records is the order
 * in which the resource applied the writes, as long as the fence holds its row until the commit.
 */
final class FencedResource {

    /** The part of a write that changes the resource, run inside the fenced transaction. */
    @FunctionalInterface
    interface Change {
        void apply() throws SQLException;
    }

    private final String name;
    private final Fence fence;

    FencedResource(String name, Fence fence) {
        this.name = Objects.requireNonNull(name, "name");
        this.fence = Objects.requireNonNull(fence, "fence");
    }

    /**
     * Applies {@code change} on {@code connection} for {@code buyer} on {@code node}, if the fence admits the pass.
     *
     * @return whether the write was applied
     * @throws IllegalStateException if the connection is inside a transaction already: a fenced write commits its own
     */
    boolean write(Connection connection, Buyer buyer, String node, WritePass pass, Change change) throws SQLException {
        if (!connection.getAutoCommit()) {
            throw new IllegalStateException("a fenced write runs in a transaction of its own, but the connection"
                    + " already has one open");
        }
        connection.setAutoCommit(false);
        try {
            boolean admitted = pass.token().isEmpty()
                    || fence.admits(connection, new FencedWrite(name, buyer.seat(), pass.token().getAsLong(), pass.holder()));
            if (admitted) {
                change.apply();
            } else {
                connection.rollback();
            }
            record(connection, buyer, node, pass, admitted);
            connection.commit();
            return admitted;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private void record(Connection connection, Buyer buyer, String node, WritePass pass, boolean accepted)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO fenced_write"
                + " (resource, seat, buyer, node, token, granted_at, accepted, written_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, name);
            insert.setString(2, buyer.seat());
            insert.setString(3, buyer.id());
            insert.setString(4, node);
            if (pass.token().isPresent()) {
                insert.setLong(5, pass.token().getAsLong());
            } else {
                insert.setNull(5, Types.BIGINT);
            }
            insert.setLong(6, pass.grantedAtNanos());
            insert.setBoolean(7, accepted);
            insert.setLong(8, System.nanoTime());
            insert.executeUpdate();
        }
    }
}
