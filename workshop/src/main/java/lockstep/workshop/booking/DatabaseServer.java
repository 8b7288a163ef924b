package lockstep.workshop.booking;

import java.nio.file.Path;
import java.sql.SQLException;
import org.h2.tools.Server;

/**
 * Serves an H2 database file to other processes over TCP on the loopback interface. The process
 * that starts it must outlive every client: a race's coordinator does, its node processes do not.
 */
public final class DatabaseServer implements AutoCloseable {

    private final Server server;
    private final Path file;

    private DatabaseServer(Server server, Path file) {
        this.server = server;
        this.file = file;
    }

    /** Starts serving {@code file} on a free loopback port. */
    public static DatabaseServer serve(Path file) throws SQLException {
        Server server = Server.createTcpServer("-tcpPort", "0", "-ifExists").start();
        return new DatabaseServer(server, file.toAbsolutePath());
    }

    /** The database as the other processes reach it. */
    public SeatDatabase remote() {
        return SeatDatabase.at("jdbc:h2:tcp://127.0.0.1:" + server.getPort() + "/" + file);
    }

    @Override
    public void close() {
        server.stop();
    }
}
