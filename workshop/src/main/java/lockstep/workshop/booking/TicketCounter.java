package lockstep.workshop.booking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import lockstep.workshop.lab.BookingNode;

/**
 * One ticket counter of one node, the toolkit's side of a {@link BoxOffice}: the booking steps on
 * two connections of its own (one for the booking code's seat queries, one for the payment ledger
 * and the answers), and the one way every harness serves a buyer ({@link #serve}). A node has
 * several counters serving buyers at the same time; each counter serves one buyer at a time.
 *
 * <p>Each step is reported to the node's {@link StepListener} as it happens.
 */
public final class TicketCounter implements BoxOffice, AutoCloseable {

    private final String node;
    private final Connection seats;
    private final Connection ledger;
    private final PaymentProvider payments;
    private final StepListener steps;
    private Buyer serving;

    /** Opens a counter with two connections: one for the booking code's seat queries, one for the payment ledger. */
    public TicketCounter(String node, SeatDatabase database, PaymentProvider payments, StepListener steps)
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

    @Override
    public Connection connection() {
        return seats;
    }

    @Override
    public boolean isFree(String seat) throws SQLException {
        try (PreparedStatement select = seats.prepareStatement("SELECT sold_to FROM seat WHERE id = ?")) {
            select.setString(1, seat);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("there is no seat " + seat + " in this hall");
                }
                String soldTo = row.getString(1);
                report(serving, Step.SEAT_CHECKED, soldTo == null ? seat + " is free" : seat + " is sold to " + soldTo);
                return soldTo == null;
            }
        }
    }

    @Override
    public void charge(Buyer buyer) throws SQLException {
        report(buyer, Step.CHARGING, buyer.seat());
        payments.charge(buyer, node, ledger);
        report(buyer, Step.CARD_CHARGED, buyer.seat());
    }

    @Override
    public void confirm(Buyer buyer) throws SQLException {
        boolean ownTransaction = seats.getAutoCommit();
        if (ownTransaction) {
            seats.setAutoCommit(false);
        }
        try {
            sellAndConfirm(buyer);
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

    /**
     * Charges {@code buyer} at a payment provider behind {@code fence} (Lab 06): once the bank has done its work, the
     * provider asks the fence about the holder's {@code pass} and takes the charge only after a yes, in one transaction
     * with the check. The attempt is recorded either way, for the audit.
     *
     * @return true if the card was charged; false if the payment provider refused the pass, and charged nothing
     */
    public boolean charge(Buyer buyer, WritePass pass, Fence fence) throws SQLException {
        report(buyer, Step.CHARGING, buyer.seat() + " with " + pass.tokenInWords());
        // The bank works first; the provider then checks the token and records the charge in one step. A holder
        // frozen while the bank works holds no lock in the ledger, and its token is checked when it wakes.
        payments.waitForTheBank();
        boolean charged = new FencedResource(FencedWrite.PAYMENTS, fence).write(ledger, buyer, node, pass,
                () -> payments.record(buyer, node, ledger));
        report(buyer, charged ? Step.CARD_CHARGED : Step.WRITE_REFUSED,
                charged ? buyer.seat() : "charge of " + buyer.seat() + " with " + pass.tokenInWords());
        return charged;
    }

    /**
     * Confirms {@code buyer}'s seat at a seat database behind {@code fence} (Lab 06): the database asks the fence
     * about the holder's {@code pass} and sells the seat only after a yes, in one transaction with the check. The
     * attempt is recorded either way, for the audit.
     *
     * @return true if the seat was confirmed; false if the seat database refused the pass, and wrote nothing
     */
    public boolean confirm(Buyer buyer, WritePass pass, Fence fence) throws SQLException {
        // Reported before the write, as CHARGING is: the moment between the holder's last look at its lock and the
        // resource's check, where a fault can land.
        report(buyer, Step.CONFIRMING, buyer.seat() + " with " + pass.tokenInWords());
        boolean confirmed = new FencedResource(FencedWrite.SEATS, fence).write(seats, buyer, node, pass,
                () -> sellAndConfirm(buyer));
        report(buyer, confirmed ? Step.SEAT_CONFIRMED : Step.WRITE_REFUSED,
                confirmed ? buyer.seat() : "confirmation of " + buyer.seat() + " with " + pass.tokenInWords());
        return confirmed;
    }

    /**
     * The write of a job that redraws the seat map (Lab 08), at a seat database behind {@code fence}: it puts
     * {@code job.seat()} on sale as the job's map draws it, free, whoever bought it since. The job holds the seat's
     * lock while it works and shows its {@code pass} like any holder. The attempt is recorded, for the audit.
     *
     * @return true if the seat database took the write; false if it refused the pass, and changed nothing
     */
    public boolean redrawSeat(Buyer job, WritePass pass, Fence fence) throws SQLException {
        return new FencedResource(FencedWrite.SEATS, fence).write(seats, job, node, pass, () -> {
            try (PreparedStatement free = seats.prepareStatement("UPDATE seat SET sold_to = NULL WHERE id = ?")) {
                free.setString(1, job.seat());
                free.executeUpdate();
            }
        });
    }

    @Override
    public String node() {
        return node;
    }

    /**
     * Serves {@code buyer} on {@code node}: the buyer presses "Buy", the node's booking code runs
     * at this counter, and the answer is recorded. Every harness serves buyers this way (races,
     * {@code lockstep book}, a grader's hand-driven buyers), so an answer means the same everywhere.
     *
     * @return the recorded answer: the booking code's, or failed if it threw, answered null, or the
     *         answer could not be recorded
     */
    public Answer serve(BookingNode node, Buyer buyer) {
        Answer answer = buy(node, buyer);
        try {
            recordAnswer(buyer, answer);
            return answer;
        } catch (SQLException e) {
            return Answer.failed("could not record the answer: " + e);
        }
    }

    /**
     * The first half of {@link #serve}: runs the booking code for {@code buyer} and returns its
     * answer, without recording it, for a harness that may give up on a buyer before it answers.
     * An interrupt is kept on the thread and answered as failed.
     */
    public Answer buy(BookingNode node, Buyer buyer) {
        this.serving = buyer;
        try {
            Answer answer = node.buy(buyer, this);
            return answer == null ? Answer.failed("the booking code answered null") : answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Answer.failed("interrupted");
        } catch (Exception | AssertionError e) {
            return Answer.failed(e.toString());
        }
    }

    /**
     * The second half of {@link #serve}: records the answer {@code buyer} got, on the ledger
     * connection so that a transaction the booking code left open cannot swallow it. Leaves the
     * seat connection clean for the next buyer.
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

    /** Records the seat as sold to {@code buyer} and issues the confirmation, in the seat connection's transaction. */
    private void sellAndConfirm(Buyer buyer) throws SQLException {
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
