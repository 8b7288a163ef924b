package lockstep.workshop.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The audit reads what really happened from the seat database")
class AuditTest {

    @TempDir
    Path folder;

    private SeatDatabase database;
    private final PaymentProvider instantPayments = new PaymentProvider(Duration.ZERO);

    @BeforeEach
    void twoSeatsAndFourBuyers() throws Exception {
        database = SeatDatabase.privateFile(folder.resolve("seats"));
        database.reset(2);
        Map<Buyer, String> buyers = new LinkedHashMap<>();
        for (String name : new String[] {"ann", "ben", "cat", "dan"}) {
            buyers.put(new Buyer(name, "A1"), "node-01");
        }
        database.registerBuyers(buyers);
    }

    @Test
    @DisplayName("A seat confirmed to three buyers counts as two sales too many")
    void oversoldCountsTheExtraSales() throws Exception {
        try (TicketCounter office = new TicketCounter("node-01", database, instantPayments, StepListener.NONE)) {
            for (String name : new String[] {"ann", "ben", "cat"}) {
                office.confirm(new Buyer(name, "A1"));
            }
        }

        AuditReport audit = Audit.of(database);

        assertThat(audit.sold()).isEqualTo(3);
        assertThat(audit.oversold()).isEqualTo(2);
        assertThat(audit.buyersPerSeat()).containsEntry("A1", java.util.List.of("ann", "ben", "cat"));
    }

    @Test
    @DisplayName("A buyer who paid but holds no confirmation is charged without a seat")
    void paidWithoutConfirmation() throws Exception {
        try (TicketCounter office = new TicketCounter("node-01", database, instantPayments, StepListener.NONE)) {
            office.charge(new Buyer("ann", "A1"));
            office.charge(new Buyer("ben", "A2"));
            office.confirm(new Buyer("ben", "A2"));
        }

        AuditReport audit = Audit.of(database);

        assertThat(audit.chargedWithoutSeat()).isEqualTo(1);
        assertThat(audit.chargedBuyers()).containsExactly("ann");
        assertThat(audit.oversold()).isZero();
    }

    @Test
    @DisplayName("A confirmation nobody paid for is booked without a charge; two charges of one buyer are counted")
    void unpaidAndTwiceCharged() throws Exception {
        try (TicketCounter office = new TicketCounter("node-01", database, instantPayments, StepListener.NONE)) {
            office.confirm(new Buyer("ann", "A1"));
            office.charge(new Buyer("ben", "A2"));
            office.charge(new Buyer("ben", "A2"));
            office.confirm(new Buyer("ben", "A2"));
        }

        AuditReport audit = Audit.of(database);

        assertThat(audit.bookedWithoutCharge()).isEqualTo(1);
        assertThat(audit.unpaidBuyers()).containsExactly("ann");
        assertThat(audit.chargedTwice()).isEqualTo(1);
        assertThat(audit.twiceChargedBuyers()).containsExactly("ben");
        assertThat(audit.isClean()).isFalse();
    }

    @Test
    @DisplayName("A registered buyer without an answer is unanswered; answers are counted by kind")
    void unansweredBuyers() throws Exception {
        try (TicketCounter office = new TicketCounter("node-01", database, instantPayments, StepListener.NONE)) {
            office.recordAnswer(new Buyer("ann", "A1"), Answer.booked("A1"));
            office.recordAnswer(new Buyer("ben", "A1"), Answer.taken("A1"));
            office.recordAnswer(new Buyer("cat", "A1"), Answer.failed("lock lost"));
        }

        AuditReport audit = Audit.of(database);

        assertThat(audit.unanswered()).isEqualTo(1);
        assertThat(audit.booked()).isEqualTo(1);
        assertThat(audit.taken()).isEqualTo(1);
        assertThat(audit.failed()).isEqualTo(1);
        assertThat(audit.failureReasons()).containsExactly("lock lost");
        assertThat(audit.failedPerNode()).containsEntry("node-01", 1);
    }

    @Test
    @DisplayName("A charge stays recorded when the buyer's own transaction rolls back")
    void chargesSurviveARollback() throws Exception {
        try (TicketCounter office = new TicketCounter("node-01", database, instantPayments, StepListener.NONE)) {
            office.connection().setAutoCommit(false);
            office.charge(new Buyer("ann", "A1"));
            office.confirm(new Buyer("ann", "A1"));
            office.connection().rollback();
        }

        AuditReport audit = Audit.of(database);

        assertThat(audit.sold()).isZero();
        assertThat(audit.chargedWithoutSeat()).isEqualTo(1);
    }
}
