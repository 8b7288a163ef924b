package lockstep.workshop.seatserver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lockstep.workshop.booking.SeatDatabase;
import org.h2.tools.Server;

/**
 * The seat server: a background process that holds the {@code book} commands' seat database open and serves it to
 * every terminal over the loopback interface. The first {@code book} that finds none starts it (see
 * {@link SharedSeatDatabase}); it outlives the {@code book} processes and ends itself once nobody has been connected
 * for its idle time (10 minutes).
 *
 * <p>Why a process of its own: H2 lets one process at a time open a database file. Its {@code AUTO_SERVER} mode
 * lets the first {@code book} serve the file to the second, but then the file changes hands whenever the serving
 * process closes it or ends: each hand-over waits 2 to 4 seconds in H2's lock-file protocol (the lock file must be
 * 2 s old, then H2 sleeps 2 s more), and the other {@code book} loses its connection. A process that outlives the
 * {@code book}s never hands the file over while a learner watches.
 *
 * <p>What it promises: it announces its address only once the database is open and has seats on sale, so nobody
 * connects early or finds no tables; it writes every commit to the file before answering, so even {@code kill -9} of
 * this process loses no sale; it ends only while it holds the {@link SeatServerLock} alone, after it found nobody
 * connected, so no {@code book} loses a connection to it; Ctrl+C in the terminal that started it, or closing that
 * terminal, does not end it. Its output goes to a log file beside the database.
 */
public final class SeatServer {

    /** The exit code of a server that found the database file open in another process (another seat server). */
    static final int EXIT_FILE_HELD = 3;

    /** How often it counts who is connected: H2 tells nobody when a session ends, so it looks. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(500);
    /** How long to wait for the file while another process still holds it (a server that is ending). */
    private static final Duration FILE_FREE_PATIENCE = Duration.ofSeconds(10);
    private static final Duration FILE_FREE_RETRY = Duration.ofMillis(100);
    /** H2: "Database may be already in use". */
    private static final int H2_ALREADY_OPEN = 90020;
    /** The one database name the server accepts: the client cannot open any other file through it. */
    private static final String DATABASE_NAME = "booking";

    private final Path database;
    private final Duration idleTime;
    private final Connection own;
    private final Server tcp;
    /** Set once the server has begun to end, by itself (idle) or from outside (kill). */
    private volatile boolean ended;

    private SeatServer(Path database, Duration idleTime, Connection own, Server tcp) {
        this.database = database;
        this.idleTime = idleTime;
        this.own = own;
        this.tcp = tcp;
    }

    /**
     * Starts a seat server for {@code database} (an H2 file without its {@code .mv.db} ending) in a new background
     * process, and returns at once. It announces itself in {@link SharedSeatDatabase#addressFile} when it is ready.
     */
    static Process start(Path database, Duration idleTime) throws IOException {
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A small server: start fast, stay small.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"),
                SeatServer.class.getName(), database.toString(), Long.toString(idleTime.toMillis()));
        Path log = SharedSeatDatabase.logFile(database);
        Process server = new ProcessBuilder(command)
                .directory(database.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        server.getOutputStream().close(); // it reads nothing
        return server;
    }

    /** Arguments: the database file (without {@code .mv.db}) and the idle time in milliseconds. */
    public static void main(String[] args) {
        // Only this machine may connect: bind to the loopback interface (before any H2 class reads the setting).
        System.setProperty("h2.bindAddress", "127.0.0.1");
        keepRunningWhenTheTerminalGoes();
        Path database = Path.of(args[0]).toAbsolutePath();
        Duration idleTime = Duration.ofMillis(Long.parseLong(args[1]));
        log("started (pid " + ProcessHandle.current().pid() + ") for " + database + ".mv.db");
        int exitCode = 0;
        try {
            open(database, idleTime).serveUntilIdle();
        } catch (SQLException e) {
            exitCode = e.getErrorCode() == H2_ALREADY_OPEN ? EXIT_FILE_HELD : failed(e);
            if (exitCode == EXIT_FILE_HELD) {
                log(database + ".mv.db is open in another process; not serving it.");
            }
        } catch (Exception | Error e) {
            exitCode = failed(e); // and end: the TCP server's threads would keep a broken server running for ever
        }
        System.exit(exitCode);
    }

    /** Opens the database (putting one seat on sale if it has no tables yet), serves it, announces its address. */
    private static SeatServer open(Path database, Duration idleTime) throws Exception {
        // FILE_LOCK=FS: the system's lock on the file, released even by kill -9, instead of H2's lock file and its
        // waits. WRITE_DELAY=0: each commit is in the file before the answer, not up to half a second later.
        // DB_CLOSE_ON_EXIT=FALSE: the server closes the file itself when it is stopped (see closeOnExit).
        String url = "jdbc:h2:file:" + database + ";FILE_LOCK=FS;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        Connection own = openWhenFree(url);
        SeatDatabase seats = SeatDatabase.at(url);
        if (!seats.hasSeats()) {
            seats.reset(1);
        }
        Server tcp = Server.createTcpServer("-tcpPort", "0", "-ifExists", "-key", DATABASE_NAME, database.toString())
                .start();
        SeatServer server = new SeatServer(database, idleTime, own, tcp);
        Runtime.getRuntime().addShutdownHook(new Thread(server::closeOnExit, "seat server: close on exit"));
        SeatServerAddress address = new SeatServerAddress(
                "jdbc:h2:tcp://127.0.0.1:" + tcp.getPort() + "/" + DATABASE_NAME, ProcessHandle.current().pid());
        address.writeTo(SharedSeatDatabase.addressFile(database));
        log("serving it at " + address.url() + " until nobody has been connected for " + idleTime.toSeconds() + " s");
        return server;
    }

    /**
     * Opens the file, waiting a little while another process still holds it: a seat server that was just killed or
     * is ending may not have let go yet.
     */
    private static Connection openWhenFree(String url) throws SQLException, InterruptedException {
        long giveUpAt = System.nanoTime() + FILE_FREE_PATIENCE.toNanos();
        while (true) {
            try {
                return DriverManager.getConnection(url);
            } catch (SQLException e) {
                if (e.getErrorCode() != H2_ALREADY_OPEN || System.nanoTime() > giveUpAt) {
                    throw e;
                }
            }
            Thread.sleep(FILE_FREE_RETRY.toMillis()); // the holder tells nobody when it lets go: look again
        }
    }

    private void serveUntilIdle() throws Exception {
        SeatServerLock lock = SharedSeatDatabase.lockOf(database);
        Instant lastSeen = Instant.now();
        try {
            while (!ended) {
                Thread.sleep(LOOK_EVERY.toMillis());
                if (clients() > 0) {
                    lastSeen = Instant.now();
                } else if (Duration.between(lastSeen, Instant.now()).compareTo(idleTime) >= 0) {
                    Optional<SeatServerLock.Held> alone = lock.tryExclusive();
                    if (alone.isPresent()) {
                        try (SeatServerLock.Held held = alone.get()) {
                            // Nobody can connect while we hold the lock alone: look once more, then go.
                            if (clients() == 0) {
                                end();
                            }
                        }
                    }
                }
            }
        } catch (SQLException e) {
            if (!ended) { // closed under us by closeOnExit: nothing is wrong
                throw e;
            }
        }
    }

    /** How many sessions other than our own are open. */
    private int clients() throws SQLException {
        try (Statement statement = own.createStatement();
             ResultSet count = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
            count.next();
            return count.getInt(1) - 1;
        }
    }

    /** Takes the address down first, so that the next client starts a new server, then closes the file. */
    private void end() throws IOException, SQLException {
        ended = true;
        Files.deleteIfExists(SharedSeatDatabase.addressFile(database));
        tcp.stop();
        own.close();
        log("nobody connected for " + idleTime.toSeconds() + " s; ended.");
    }

    /**
     * Stopped from outside ({@code kill}, the system shutting down): closes the file tidily. The address stays behind,
     * naming a process that is gone, which a client takes for no address at all.
     */
    private void closeOnExit() {
        if (ended) {
            return;
        }
        ended = true;
        tcp.stop();
        try {
            own.close();
        } catch (SQLException e) {
            failed(e); // every commit is in the file already (WRITE_DELAY=0): a failed close loses nothing
        }
        log("stopped from outside; ended.");
    }

    private static void log(String what) {
        System.out.println(Instant.now() + " " + what);
        System.out.flush();
    }

    /**
     * Logs a failure, its stack trace first and then one line that says what went wrong (a client quotes the last line
     * of the log), and returns the exit code of a server that failed.
     */
    private static int failed(Throwable failure) {
        failure.printStackTrace(System.out);
        log("failed: " + failure);
        return 1;
    }

    /**
     * The server is started by a {@code book} in a learner's terminal and shares that terminal's process group: Ctrl+C
     * there (a micro-challenge asks for it) or closing the terminal would end it too, under the other terminal's feet.
     * So it ignores those two signals; {@code kill} (SIGTERM) still ends it. sun.misc.Signal is the JDK's only way to
     * ignore a signal; a system without SIGHUP (Windows) simply has nothing to ignore there.
     */
    private static void keepRunningWhenTheTerminalGoes() {
        for (String name : List.of("INT", "HUP")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), sun.misc.SignalHandler.SIG_IGN);
            } catch (IllegalArgumentException e) {
                // No such signal on this system: nothing to ignore.
            }
        }
    }
}
