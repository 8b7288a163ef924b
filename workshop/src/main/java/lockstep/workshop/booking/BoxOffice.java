package lockstep.workshop.booking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;

/**
 * One ticket counter of one node: the three booking steps (check the seat, charge the card,
 * confirm the seat), on connections of its own. A node has several counters serving buyers at the
 * same time; each counter serves one buyer at a time.
 *
 * <p>None of the steps protects you from other buyers. {@link #confirm} in particular writes the
 * seat unconditionally: whoever confirms last owns the seat. Keeping two buyers apart is your
 * code's job, with the database (Lab 01) or with a lock (Lab 02 on).
 *
 * <p>Each step is reported to the node's {@link StepListener} as it happens.
 */
public final class BoxOffice implements AutoCloseable {

    private final String node;
    private final Connection seats;
    private final Connection ledger;
    private final PaymentProvider payments;
    private final StepListener steps;
    private Buyer serving;

    /** Opens a counter with two connections: one for your seat queries, one for the payment ledger. */
    public BoxOffice(String node, SeatDatabase database, PaymentProvider payments, StepListener steps)
            throws SQLException {
        this.node = Objects.requireNonNull(node, "node");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.seats = database.connect();
        try {
            this.ledger = database.connect();
        } catch (SQLException e) {
            closeQuietly(seats, e);
            throw e;
        }
    }

    /**
     * This counter's own connection to the seat database, for your own SQL. It starts in auto-commit
     * mode; if you turn that off, commit or roll back before you return your answer.
     */
    public Connection connection() {
        return seats;
    }

    /** Reads whether {@code seat} is still free. The answer may be stale the moment it arrives. */
    public boolean isFree(String seat) throws SQLException {
        try (PreparedStatement select = seats.prepareStatement("SELECT sold_to FROM seat WHERE id = ?")) {
            select.setString(1, seat);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("there is no seat " + seat + " in this hall");
                }
                String soldTo = row.getString(1);
                report(Step.SEAT_CHECKED, soldTo == null ? seat + " is free" : seat + " is sold to " + soldTo);
                return soldTo == null;
            }
        }
    }

    /** Charges {@code buyer} for their seat. Takes the payment time; the charge cannot be undone. */
    public void charge(Buyer buyer) throws SQLException {
        report(buyer, Step.CHARGING, buyer.seat());
        payments.charge(buyer, node, ledger);
        report(buyer, Step.CARD_CHARGED, buyer.seat());
    }

    /**
     * Records the buyer's seat as sold to them and issues their confirmation, in one transaction
     * (yours, if you turned auto-commit off). Unconditional: it overwrites whoever held the seat.
     */
    public void confirm(Buyer buyer) throws SQLException {
        boolean ownTransaction = seats.getAutoCommit();
        if (ownTransaction) {
            seats.setAutoCommit(false);
        }
        try {
            try (PreparedStatement sell = seats.prepareStatement("UPDATE seat SET sold_to = ? WHERE id = ?");
                 PreparedStatement confirm = seats.prepareStatement(
                         "INSERT INTO confirmation (buyer, seat, node, confirmed_at) VALUES (?, ?, ?, ?)")) {
                sell.setString(1, buyer.id());
                sell.setString(2, buyer.seat());
                sell.executeUpdate();
                confirm.setString(1, buyer.id());
                confirm.setString(2, buyer.seat());
                confirm.setString(3, node);
                confirm.setLong(4, System.nanoTime());
                confirm.executeUpdate();
            }
            if (ownTransaction) {
                seats.commit();
            }
        } catch (SQLException e) {
            if (ownTransaction) {
                seats.rollback();
            }
            throw e;
        } finally {
            if (ownTransaction) {
                seats.setAutoCommit(true);
            }
        }
        report(buyer, Step.SEAT_CONFIRMED, buyer.seat());
    }

    /** The name of the node this counter belongs to. */
    public String node() {
        return node;
    }

    /** Tells the listener about a step of the buyer being served, for lock steps your code takes. */
    public void report(Step step, String detail) {
        report(serving, step, detail);
    }

    // ---- used by the race harness -------------------------------------------------------------

    /** Starts serving {@code buyer}: steps reported without a buyer are theirs. */
    public void serve(Buyer buyer) {
        this.serving = buyer;
    }

    /**
     * Records the answer {@code buyer} got, on the ledger connection so that a transaction your
     * code left open cannot swallow it. Leaves the seat connection clean for the next buyer.
     */
    public void recordAnswer(Buyer buyer, Answer answer) throws SQLException {
        leaveSeatConnectionClean();
        try (PreparedStatement update = ledger.prepareStatement(
                "UPDATE buyer SET answer = ?, detail = ? WHERE id = ?")) {
            update.setString(1, answer.kind());
            update.setString(2, detailOf(answer));
            update.setString(3, buyer.id());
            update.executeUpdate();
        }
        report(buyer, Step.ANSWERED, answer.kind() + " " + detailOf(answer));
    }

    @Override
    public void close() throws SQLException {
        try (seats; ledger) {
            // try-with-resources closes both and keeps the first failure
        }
    }

    private void leaveSeatConnectionClean() throws SQLException {
        if (!seats.getAutoCommit()) {
            // A transaction left open would hold its row locks until the next buyer commits.
            seats.rollback();
            seats.setAutoCommit(true);
        }
    }

    private void report(Buyer buyer, Step step, String detail) {
        String buyerId = buyer == null ? "-" : buyer.id();
        steps.on(StepEvent.now(node, buyerId, step, detail));
    }

    private static String detailOf(Answer answer) {
        String detail;
        if (answer instanceof Answer.Booked booked) {
            detail = booked.seat();
        } else if (answer instanceof Answer.Taken taken) {
            detail = taken.seat();
        } else {
            detail = ((Answer.Failed) answer).reason();
        }
        return detail.length() > 200 ? detail.substring(0, 200) : detail;
    }

    private static void closeQuietly(Connection connection, SQLException failure) {
        try {
            connection.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
