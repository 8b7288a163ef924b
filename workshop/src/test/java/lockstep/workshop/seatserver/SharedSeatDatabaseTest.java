package lockstep.workshop.seatserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lockstep.workshop.booking.DatabaseUnavailableException;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.faults.ChildJvm;
import lockstep.workshop.grading.Timing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The seat database that book processes share through one seat server")
class SharedSeatDatabaseTest {

    /** Long enough that no server ends by itself during a test that does not ask it to. */
    private static final Duration NEVER_IDLE = Duration.ofMinutes(5);
    private static final Pattern STARTED = Pattern.compile(" started \\(pid (\\d+)\\)");

    @TempDir
    Path folder;

    private Path database;

    @AfterEach
    void stopEveryServerStarted() throws Exception {
        for (long pid : serverPids()) {
            ProcessHandle.of(pid).ifPresent(server -> {
                server.destroyForcibly();
                server.onExit().join();
            });
        }
    }

    @Test
    @DisplayName("Two book processes that find no server at the same instant start one, both get their first line,"
            + " and both see one sale")
    void twoProcessesStartedAtOnce() throws Exception {
        database = folder.resolve("booking");
        // Hold the seat server's lock alone until both wait for it, so that both find no server at the same moment.
        SeatServerLock.Held heldByTheTest = SharedSeatDatabase.lockOf(database).exclusive();
        try (ChildJvm alpha = ChildJvm.start(BookingTerminal.class, database.toString(), "Node_Alpha", ms(NEVER_IDLE));
             ChildJvm beta = ChildJvm.start(BookingTerminal.class, database.toString(), "Node_Beta", ms(NEVER_IDLE))) {
            alpha.awaitLineStartingWith("CONNECTING", Timing.forChildJvm());
            beta.awaitLineStartingWith("CONNECTING", Timing.forChildJvm());
            heldByTheTest.close();

            String alphaFirst = alpha.awaitLineStartingWith("FIRST LINE", Timing.forChildJvm());
            String betaFirst = beta.awaitLineStartingWith("FIRST LINE", Timing.forChildJvm());
            String alphaSays = alpha.awaitLineStartingWith("A1 SOLD TO", Timing.forChildJvm());
            String betaSays = beta.awaitLineStartingWith("A1 SOLD TO", Timing.forChildJvm());

            List<Long> servers = serverPids();
            assertThat(servers)
                    .withFailMessage("two processes at once started %d seat servers (pids %s), not 1",
                            servers.size(), servers)
                    .hasSize(1);
            assertThat(List.of(alphaFirst, betaFirst))
                    .withFailMessage("both should see seat A1 through the one server; Alpha said '%s', Beta '%s'",
                            alphaFirst, betaFirst)
                    .allMatch(line -> line.equals("FIRST LINE seats [A1] server pid " + servers.get(0)));
            assertThat(List.of(alpha.output(), beta.output()))
                    .withFailMessage("exactly one of the two should claim A1; Alpha said %s, Beta %s",
                            alpha.output(), beta.output())
                    .filteredOn(output -> output.contains("CLAIMED true")).hasSize(1);
            assertThat(betaSays)
                    .withFailMessage("Alpha and Beta see different databases: Alpha says '%s', Beta '%s'",
                            alphaSays, betaSays)
                    .isEqualTo(alphaSays);
            SeatDatabase seats = SharedSeatDatabase.at(database, NEVER_IDLE);
            assertThat(buyers(seats))
                    .withFailMessage("the buyers table should hold both terminals' buyers, but holds %s", buyers(seats))
                    .containsExactlyInAnyOrder("Node_Alpha", "Node_Beta");
        } finally {
            heldByTheTest.close();
        }
    }

    @Test
    @DisplayName("A killed seat server is replaced by the next connection, and no sale it confirmed is lost")
    void aKilledServerIsReplaced() throws Exception {
        database = folder.resolve("booking");
        SeatDatabase seats = SharedSeatDatabase.at(database, NEVER_IDLE);
        Connection buyer = seats.connect();
        long killed = announcedPid();
        sell(buyer, "A1", "Alice");

        ProcessHandle server = ProcessHandle.of(killed).orElseThrow();
        server.destroyForcibly(); // kill -9 the moment the sale is confirmed: no time to tidy up
        server.onExit().get(Timing.processStart().toMillis(), TimeUnit.MILLISECONDS);
        try {
            buyer.close();
        } catch (SQLException e) {
            // Its server is gone, which is the point: the connection was broken, not the sale.
        }

        assertThat(soldTo(seats, "A1"))
                .withFailMessage("after the seat server was killed, A1 is sold to %s, not to Alice", soldTo(seats, "A1"))
                .isEqualTo("Alice");
        assertThat(announcedPid())
                .withFailMessage("the address still names the killed server (pid %d)", killed)
                .isNotEqualTo(killed);
    }

    @Test
    @DisplayName("An address at whose port nothing listens is stale: the next connection starts a new server")
    void anAddressWithNobodyListening() throws Exception {
        database = folder.resolve("booking");
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // A process that runs (this one), as when a killed server's process id went to another program.
        new SeatServerAddress("jdbc:h2:tcp://127.0.0.1:" + closedPort + "/booking", ProcessHandle.current().pid())
                .writeTo(SharedSeatDatabase.addressFile(database));

        assertThat(SharedSeatDatabase.at(database, NEVER_IDLE).seats()).containsExactly("A1");
        assertThat(announcedPid()).isNotEqualTo(ProcessHandle.current().pid());
    }

    @Test
    @DisplayName("An address file that is not one (a crash, an editor) counts as none")
    void anUnreadableAddress() throws Exception {
        database = folder.resolve("booking");
        Files.writeString(SharedSeatDatabase.addressFile(database), "url=jdbc:h2:tcp://127.0.0.1:1/booking\npid=");

        assertThat(SharedSeatDatabase.at(database, NEVER_IDLE).seats()).containsExactly("A1");
        assertThat(serverPids()).hasSize(1);
    }

    @Test
    @DisplayName("A seat server with nobody connected ends itself, and takes its address with it; the next connection"
            + " starts another on the same seats")
    void anIdleServerEnds() throws Exception {
        database = folder.resolve("booking");
        SeatDatabase seats = SharedSeatDatabase.at(database, Duration.ofSeconds(1));
        sell(seats, "A1", "Alice");
        ProcessHandle first = ProcessHandle.of(announcedPid()).orElseThrow();

        first.onExit().get(Timing.processStart().toMillis(), TimeUnit.MILLISECONDS);

        assertThat(SharedSeatDatabase.addressFile(database))
                .withFailMessage("the idle server ended but left its address behind").doesNotExist();
        assertThat(soldTo(seats, "A1")).isEqualTo("Alice");
        assertThat(announcedPid()).isNotEqualTo(first.pid());
    }

    @Test
    @DisplayName("A seat server does not end while someone is connected, however long past its idle time")
    void aServerWithAClientStays() throws Exception {
        database = folder.resolve("booking");
        Duration idleTime = Duration.ofMillis(100);
        SeatDatabase seats = SharedSeatDatabase.at(database, idleTime);
        try (Connection held = seats.connect()) {
            ProcessHandle server = ProcessHandle.of(announcedPid()).orElseThrow();

            // Long past its idle time and its next two looks at who is connected (every 0.5 s).
            assertEndsWithin(server, Timing.quietPeriod().plus(idleTime).plus(Duration.ofSeconds(1)), false);
            assertThat(held.isValid(1)).withFailMessage("the open connection broke while the server idled").isTrue();
        }
    }

    @Test
    @DisplayName("Ctrl+C in the terminal that started the seat server (SIGINT) does not end it")
    void ctrlCDoesNotEndTheServer() throws Exception {
        assumeThat(System.getProperty("os.name")).as("kill -INT is POSIX").doesNotStartWith("Windows");
        database = folder.resolve("booking");
        SeatDatabase seats = SharedSeatDatabase.at(database, NEVER_IDLE);
        seats.seats();
        ProcessHandle server = ProcessHandle.of(announcedPid()).orElseThrow();

        int sent = new ProcessBuilder("kill", "-INT", Long.toString(server.pid())).start().waitFor();

        assertThat(sent).isZero();
        assertEndsWithin(server, Timing.quietPeriod(), false);
        assertThat(seats.seats()).containsExactly("A1");
    }

    @Test
    @DisplayName("A database file the seat server cannot open is reported in one sentence that says what to do")
    void aDamagedFile() throws Exception {
        database = folder.resolve("booking");
        Files.writeString(folder.resolve("booking.mv.db"), "not an H2 file");

        assertThatThrownBy(() -> SharedSeatDatabase.at(database, NEVER_IDLE).seats())
                .isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("The seat server of " + database + " ended with exit code 1")
                .hasMessageContaining("delete the folder " + folder)
                .hasMessageContaining("--db");
    }

    @Test
    @DisplayName("reset puts a sold seat back on sale, through the seat server")
    void resetThroughTheServer() throws Exception {
        database = folder.resolve("booking");
        SeatDatabase seats = SharedSeatDatabase.at(database, NEVER_IDLE);
        sell(seats, "A1", "Alice");

        seats.reset(2);

        assertThat(seats.seats()).containsExactly("A1", "A2");
        assertThat(soldTo(seats, "A1")).isNull();
    }

    /** The pids of every seat server started on {@link #database}, as their log names them. */
    private List<Long> serverPids() throws IOException {
        if (database == null || !Files.exists(SharedSeatDatabase.logFile(database))) {
            return List.of();
        }
        return Files.readAllLines(SharedSeatDatabase.logFile(database)).stream()
                .map(STARTED::matcher).filter(Matcher::find)
                .map(found -> Long.parseLong(found.group(1)))
                .toList();
    }

    private long announcedPid() throws IOException {
        return SeatServerAddress.readFrom(SharedSeatDatabase.addressFile(database)).orElseThrow().pid();
    }

    private static void assertEndsWithin(ProcessHandle server, Duration time, boolean shouldEnd) throws Exception {
        boolean ended;
        try {
            server.onExit().get(time.toMillis(), TimeUnit.MILLISECONDS);
            ended = true;
        } catch (TimeoutException e) {
            ended = false;
        }
        assertThat(ended).withFailMessage("the seat server (pid %d) %s within %d ms", server.pid(),
                ended ? "ended" : "did not end", time.toMillis()).isEqualTo(shouldEnd);
    }

    private static void sell(SeatDatabase seats, String seat, String buyer) throws SQLException {
        try (Connection connection = seats.connect()) {
            sell(connection, seat, buyer);
        }
    }

    /** Sells {@code seat} to {@code buyer}, in auto-commit: confirmed once this returns. */
    private static void sell(Connection connection, String seat, String buyer) throws SQLException {
        try (PreparedStatement sale = connection.prepareStatement("UPDATE seat SET sold_to = ? WHERE id = ?")) {
            sale.setString(1, buyer);
            sale.setString(2, seat);
            assertThat(sale.executeUpdate()).isOne();
        }
    }

    private static String soldTo(SeatDatabase seats, String seat) throws SQLException {
        try (Connection connection = seats.connect();
             PreparedStatement look = connection.prepareStatement("SELECT sold_to FROM seat WHERE id = ?")) {
            look.setString(1, seat);
            try (ResultSet row = look.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    private static List<String> buyers(SeatDatabase seats) throws SQLException {
        try (Connection connection = seats.connect();
             ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM buyer")) {
            List<String> ids = new java.util.ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids;
        }
    }

    private static String ms(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
