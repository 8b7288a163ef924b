package lockstep.workshop.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A resource behind a fence applies a holder's write only if the fence admits it, and records it")
class FencedWritesTest {

    private static final Buyer ALICE = new Buyer("Alice", "A1");
    private static final Buyer BOB = new Buyer("Bob", "A1");
    /** A fence that admits a token above the highest accepted one, in one conditional update. */
    private static final Fence HIGHEST_TOKEN = (resource, write) -> {
        try (PreparedStatement raise = resource.prepareStatement(
                "UPDATE fence SET token = ?, holder = ? WHERE resource = ? AND seat = ? AND token < ?")) {
            raise.setLong(1, write.token());
            raise.setString(2, write.holder());
            raise.setString(3, write.resource());
            raise.setString(4, write.seat());
            raise.setLong(5, write.token());
            return raise.executeUpdate() == 1;
        }
    };

    @TempDir
    Path folder;

    private SeatDatabase database;
    private final List<StepEvent> heard = new ArrayList<>();

    @BeforeEach
    void oneSeat() throws Exception {
        database = SeatDatabase.privateFile(folder.resolve("seats"));
        database.reset(1);
    }

    @Test
    @DisplayName("charges and confirms with a token the fence admits, and raises the fence's token")
    void admittedWritesAreApplied() throws Exception {
        try (TicketCounter counter = counter()) {
            assertThat(counter.charge(ALICE, pass("Alice", 7, 1), HIGHEST_TOKEN)).isTrue();
            assertThat(counter.confirm(ALICE, pass("Alice", 7, 1), HIGHEST_TOKEN)).isTrue();
        }

        AuditReport audit = Audit.of(database);
        assertThat(audit.sold()).isEqualTo(1);
        assertThat(database.chargesOf("Alice")).isEqualTo(1);
        assertThat(highestToken(FencedWrite.PAYMENTS)).isEqualTo(7);
        assertThat(highestToken(FencedWrite.SEATS)).isEqualTo(7);
        assertThat(audit.staleWrites()).isEqualTo(new StaleWrites(2, 0, 0, List.of()));
        assertThat(heard).extracting(StepEvent::step).containsExactly(Step.CHARGING, Step.CARD_CHARGED,
                Step.CONFIRMING, Step.SEAT_CONFIRMED);
    }

    @Test
    @DisplayName("refuses an older token after a newer one: nothing charged or confirmed, the refusal recorded as stale")
    void aStaleWriteIsRefused() throws Exception {
        try (TicketCounter counter = counter()) {
            counter.charge(BOB, pass("Bob", 8, 2), HIGHEST_TOKEN);
            counter.confirm(BOB, pass("Bob", 8, 2), HIGHEST_TOKEN);
            assertThat(counter.charge(ALICE, pass("Alice", 7, 1), HIGHEST_TOKEN)).isFalse();
            assertThat(counter.confirm(ALICE, pass("Alice", 7, 1), HIGHEST_TOKEN)).isFalse();
        }

        AuditReport audit = Audit.of(database);
        assertThat(database.chargesOf("Alice")).isZero();
        assertThat(database.confirmationsOf("Alice")).isZero();
        assertThat(audit.staleWrites()).isEqualTo(new StaleWrites(4, 0, 2, List.of()));
        assertThat(heard).filteredOn(event -> event.step() == Step.WRITE_REFUSED).extracting(StepEvent::detail)
                .containsExactly("charge of A1 with fencing token 7", "confirmation of A1 with fencing token 7");
    }

    @Test
    @DisplayName("rolls back whatever a refusing fence changed")
    void aRefusalRollsBackTheFence() throws Exception {
        Fence raisesThenRefuses = (resource, write) -> {
            HIGHEST_TOKEN.admits(resource, write);
            return false;
        };
        try (TicketCounter counter = counter()) {
            assertThat(counter.confirm(ALICE, pass("Alice", 7, 1), raisesThenRefuses)).isFalse();
        }

        assertThat(highestToken(FencedWrite.SEATS)).isZero();
    }

    @Test
    @DisplayName("applies a write without a token unasked, and the audit still calls it stale from the grant order")
    void aWriteWithoutATokenIsJudgedByTheGrants() throws Exception {
        Fence neverAsked = (resource, write) -> {
            throw new AssertionError("a write without a token cannot be checked, so the fence is not asked");
        };
        try (TicketCounter counter = counter()) {
            counter.charge(BOB, new WritePass("Bob", OptionalLong.empty(), 2), neverAsked);
            counter.confirm(BOB, new WritePass("Bob", OptionalLong.empty(), 2), neverAsked);
            assertThat(counter.charge(ALICE, new WritePass("Alice", OptionalLong.empty(), 1), neverAsked)).isTrue();
        }

        StaleWrites stale = Audit.of(database).staleWrites();
        assertThat(stale.accepted()).isEqualTo(1);
        assertThat(stale.examples()).containsExactly("Alice's charge of A1 (no fencing token)");
    }

    @Test
    @DisplayName("does not call a write stale when the newer holder had not written yet")
    void aLateWriteBeforeTheNewerHoldersIsNotStale() throws Exception {
        try (TicketCounter counter = counter()) {
            counter.charge(ALICE, pass("Alice", 7, 1), HIGHEST_TOKEN);
            counter.charge(BOB, pass("Bob", 8, 2), HIGHEST_TOKEN);
        }

        assertThat(Audit.of(database).staleWrites()).isEqualTo(new StaleWrites(2, 0, 0, List.of()));
    }

    @Test
    @DisplayName("records nothing for the writes of an unfenced sale (every lab before Lab 06)")
    void unfencedWritesAreNotRecorded() throws Exception {
        try (TicketCounter counter = counter()) {
            counter.charge(ALICE);
            counter.confirm(ALICE);
        }

        assertThat(Audit.of(database).staleWrites()).isEqualTo(StaleWrites.NONE);
    }

    @Test
    @DisplayName("a seat-map job's write puts the seat back on sale if the fence admits its token, and changes nothing if not")
    void aSeatMapJobsWriteIsFencedToo() throws Exception {
        Buyer job = new Buyer("seat-map-job", "A1");
        try (TicketCounter counter = counter()) {
            counter.charge(BOB, pass("Bob", 8, 2), HIGHEST_TOKEN);
            counter.confirm(BOB, pass("Bob", 8, 2), HIGHEST_TOKEN);

            assertThat(counter.redrawSeat(job, pass(job.id(), 7, 1), HIGHEST_TOKEN)).isFalse();
            assertThat(counter.isFree("A1")).as("A1 stays Bob's after a refused redraw").isFalse();
            assertThat(counter.redrawSeat(job, pass(job.id(), 9, 3), HIGHEST_TOKEN)).isTrue();
            assertThat(counter.isFree("A1")).as("A1 back on sale after a redraw with a newer token").isTrue();
        }
        assertThat(highestToken(FencedWrite.SEATS)).isEqualTo(9);
    }

    private TicketCounter counter() throws SQLException {
        return new TicketCounter("Alpha", database, new PaymentProvider(Duration.ZERO), heard::add);
    }

    private static WritePass pass(String holder, long token, long grantedAt) {
        return new WritePass(holder, OptionalLong.of(token), grantedAt);
    }

    private long highestToken(String resource) throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT token FROM fence WHERE resource = ? AND seat = 'A1'")) {
            select.setString(1, resource);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }
}
