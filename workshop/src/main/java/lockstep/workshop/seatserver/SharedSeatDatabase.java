package lockstep.workshop.seatserver;

import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import lockstep.workshop.booking.DatabaseUnavailableException;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.lab.WorkshopHome;

/**
 * The seat database that {@code book} and {@code reset} share across terminals: the H2 file
 * {@code .lockstep/data/booking.mv.db}, which every process reaches through one {@link SeatServer}. The first
 * connection that finds no server starts one; every later one, in any terminal, connects to it.
 *
 * <p>Beside the database live the server's address ({@code booking.server}), the {@link SeatServerLock} that orders
 * starting and ending ({@code booking.server.lock}), and the server's log ({@code booking.server.log}).
 *
 * <p>Why it cannot hang or break: two processes that find no server at the same instant take turns under the lock,
 * and the second finds the first one's server. An address whose process is gone (killed, or ended with the machine)
 * is stale and replaced. A server ends only when nobody is connected, under the lock. A server that cannot start
 * (another program holds the file) is reported in one sentence, within {@link #SERVER_START_PATIENCE}.
 */
public final class SharedSeatDatabase {

    /** How long a seat server may take to start and announce itself: a JVM, on a busy laptop. */
    static final Duration SERVER_START_PATIENCE = Duration.ofSeconds(30);
    /** How long a seat server waits with nobody connected before it ends itself. */
    static final Duration IDLE_TIME = Duration.ofMinutes(10);
    /** How often to look for a starting server's address: the file is the one signal every process can see. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(20);

    private final Path database;
    private final Duration idleTime;
    private final SeatServerLock lock;

    private SharedSeatDatabase(Path database, Duration idleTime) {
        this.database = database.toAbsolutePath();
        this.idleTime = idleTime;
        this.lock = lockOf(this.database);
    }

    /** The seat database of {@code book} and {@code reset} in this workshop folder. */
    public static SeatDatabase of(WorkshopHome home) {
        return at(home.dataFolder().resolve("data").resolve("booking"), IDLE_TIME);
    }

    /** The shared database in the H2 file {@code database} (without its {@code .mv.db} ending). */
    static SeatDatabase at(Path database, Duration idleTime) {
        SharedSeatDatabase shared = new SharedSeatDatabase(database, idleTime);
        return SeatDatabase.through("jdbc:h2:file:" + shared.database, shared::connect);
    }

    /** Where the seat server of {@code database} announces its address. */
    static Path addressFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".server");
    }

    /** The lock that orders the starting and ending of {@code database}'s seat server. */
    static SeatServerLock lockOf(Path database) {
        return new SeatServerLock(database.resolveSibling(database.getFileName() + ".server.lock"));
    }

    /** Where the seat server of {@code database} writes what it does. */
    static Path logFile(Path database) {
        return database.resolveSibling(database.getFileName() + ".server.log");
    }

    /**
     * A new connection through the running seat server; if none runs, starts one first. Reading the address and
     * connecting happen under the shared lock, so the server cannot end between the two.
     */
    private Connection connect() throws SQLException {
        try {
            Files.createDirectories(database.getParent());
            try (SeatServerLock.Held shared = lock.shared()) {
                Optional<Connection> connection = connectToAnnouncedServer();
                if (connection.isPresent()) {
                    return connection.get();
                }
            }
            try (SeatServerLock.Held alone = lock.exclusive()) {
                // Another process may have started one while we waited for the lock.
                Optional<Connection> connection = connectToAnnouncedServer();
                if (connection.isPresent()) {
                    return connection.get();
                }
                return connectToNewServer();
            }
        } catch (IOException e) {
            throw DatabaseUnavailableException.unreachable("Cannot reach the seat server's files beside " + database
                    + ": " + e.getMessage() + ". Check that the folder can be written, or pass --db with a JDBC URL.",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while starting the seat server of " + database, e);
        }
    }

    /**
     * A connection to the server the address file names, if one listens there. An address whose process is gone, or
     * at whose port nothing listens (its process id now belongs to another program), is stale: as good as none.
     */
    private Optional<Connection> connectToAnnouncedServer() throws IOException, SQLException {
        Optional<SeatServerAddress> address = SeatServerAddress.readFrom(addressFile(database));
        if (address.isEmpty() || !address.get().serverIsRunning()) {
            return Optional.empty();
        }
        try {
            return Optional.of(DriverManager.getConnection(address.get().url()));
        } catch (SQLException e) {
            if (nothingListens(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Starts a seat server (under the lock, alone) and connects once it has announced itself. */
    private Connection connectToNewServer() throws IOException, SQLException, InterruptedException {
        Files.deleteIfExists(addressFile(database)); // a stale one: its process is gone
        Process server = SeatServer.start(database, idleTime);
        long giveUpAt = System.nanoTime() + SERVER_START_PATIENCE.toNanos();
        while (true) {
            boolean serverEnded = !server.isAlive();
            // Whichever seat server announces itself will do: one that a killed client had started may have won.
            Optional<Connection> connection = connectToAnnouncedServer();
            if (connection.isPresent()) {
                return connection.get();
            }
            if (serverEnded) {
                throw server.exitValue() == SeatServer.EXIT_FILE_HELD
                        ? heldByAnotherProgram()
                        : notStarted("ended with exit code " + server.exitValue());
            }
            if (System.nanoTime() > giveUpAt) {
                server.destroy();
                throw notStarted("(pid " + server.pid() + ") did not announce itself within "
                        + SERVER_START_PATIENCE.toSeconds() + " s, so it was stopped");
            }
            Thread.sleep(LOOK_EVERY.toMillis()); // a look at a file another process writes, not a wait on luck
        }
    }

    private DatabaseUnavailableException notStarted(String what) throws IOException {
        return DatabaseUnavailableException.unreachable("The seat server of " + database + " " + what + ". The last"
                + " line of its log (" + logFile(database) + ") says \"" + lastLineOf(logFile(database)) + "\". If the"
                + " database file is damaged, delete the folder " + database.getParent() + " (the seats go back on"
                + " sale) and run the command again; or pass --db with another JDBC URL.", null);
    }

    private DatabaseUnavailableException heldByAnotherProgram() {
        return DatabaseUnavailableException.unreachable("The seat database " + database + ".mv.db is open in another"
                + " program (an H2 console, an IDE's database view, or a 'book' of an older Lockstep), so no seat"
                + " server can serve it. Close that program, or pass --db with another JDBC URL.", null);
    }

    private static boolean nothingListens(SQLException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException) {
                return true;
            }
        }
        return false;
    }

    private static String lastLineOf(Path log) throws IOException {
        List<String> lines = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return lines.isEmpty() ? "(nothing)" : lines.get(lines.size() - 1);
    }
}
