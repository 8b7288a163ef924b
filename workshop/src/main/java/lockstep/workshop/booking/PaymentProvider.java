package lockstep.workshop.booking;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;

/**
 * The card payment service: an outside system that takes a while to answer and keeps its own
 * ledger. A charge it made stays made, whatever the caller's database transaction does later:
 * that is why "charge, then find out the seat was gone" costs a buyer real money.
 */
public final class PaymentProvider {

    /** How long a charge takes by default: long enough for another buyer to slip in. */
    public static final Duration DEFAULT_PAYMENT_TIME = Duration.ofMillis(30);

    private final Duration paymentTime;

    public PaymentProvider(Duration paymentTime) {
        Objects.requireNonNull(paymentTime, "paymentTime");
        if (paymentTime.isNegative()) {
            throw new IllegalArgumentException("a payment cannot take negative time, but was " + paymentTime);
        }
        this.paymentTime = paymentTime;
    }

    public Duration paymentTime() {
        return paymentTime;
    }

    /** Charges {@code buyer} for their seat and records the charge in {@code ledger} (auto-commit). */
    void charge(Buyer buyer, String node, Connection ledger) throws SQLException {
        waitForTheBank();
        record(buyer, node, ledger);
    }

    /**
     * The charge made: recorded in {@code ledger}, in whatever transaction it has. A fenced provider (Lab 06) records
     * it in one transaction with the check of the holder's token, after the bank's time, so that no lock of the
     * ledger is held while the bank works.
     */
    void record(Buyer buyer, String node, Connection ledger) throws SQLException {
        try (PreparedStatement insert = ledger.prepareStatement(
                "INSERT INTO charge (buyer, seat, node, charged_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, buyer.id());
            insert.setString(2, buyer.seat());
            insert.setString(3, node);
            insert.setLong(4, System.nanoTime());
            insert.executeUpdate();
        }
    }

    /** The card network's time: the simulated work itself. */
    void waitForTheBank() {
        if (paymentTime.isZero()) {
            return;
        }
        try {
            // The simulated work itself, not a synchronisation: a real card charge takes this long.
            Thread.sleep(paymentTime.toMillis(), paymentTime.toNanosPart() % 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the card was being charged", e);
        }
    }
}
