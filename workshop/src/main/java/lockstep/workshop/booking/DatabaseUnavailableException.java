package lockstep.workshop.booking;

import java.sql.SQLException;

/** The seat database cannot be opened; the message says why and what to do. */
public final class DatabaseUnavailableException extends SQLException {

    private static final long serialVersionUID = 1L;

    /** H2: "Database may be already in use", another program opened the file on its own. */
    private static final int H2_ALREADY_OPEN = 90020;
    /** SQL's "unable to establish the connection". */
    private static final String CONNECTION_FAILED = "08001";

    private DatabaseUnavailableException(String message, SQLException cause) {
        super(message, cause.getSQLState(), cause.getErrorCode(), cause);
    }

    private DatabaseUnavailableException(String message, String sqlState, Throwable cause) {
        super(message, sqlState, cause);
    }

    /**
     * The database cannot be reached, for a reason {@code message} gives with what to do; {@code cause} is what went
     * wrong underneath, or null.
     */
    public static DatabaseUnavailableException unreachable(String message, Throwable cause) {
        return new DatabaseUnavailableException(message, CONNECTION_FAILED, cause);
    }

    /** Turns a failed connection attempt into a message a learner can act on. */
    static SQLException explain(String url, SQLException e) {
        if (e instanceof DatabaseUnavailableException) {
            return e;
        }
        if (e.getErrorCode() == H2_ALREADY_OPEN) {
            return new DatabaseUnavailableException("The database " + url + " is held open by another program. "
                    + "Close that program (an H2 console, an IDE's database view), "
                    + "or pass --db with another JDBC URL.", e);
        }
        String state = e.getSQLState();
        if ("53300".equals(state)) {
            return new DatabaseUnavailableException("The database at " + url + " refused more connections. A race"
                    + " opens nodes x counters x 2 of them (160 for 10 nodes of 8). Raise max_connections (the"
                    + " server in docker/postgres.yml allows 300), or pass fewer --nodes or --counters.", e);
        }
        if (state != null && state.startsWith("08")) {
            return new DatabaseUnavailableException("Nothing answers at " + url + ": " + e.getMessage()
                    + ". Start the database (for PostgreSQL: docker compose -f docker/postgres.yml up -d), "
                    + "or leave out --db to use the embedded default.", e);
        }
        if (e.getMessage() != null && e.getMessage().startsWith("No suitable driver")) {
            return new DatabaseUnavailableException("No JDBC driver understands " + url
                    + ". The workshop ships drivers for H2 (jdbc:h2:...) and PostgreSQL (jdbc:postgresql:...).", e);
        }
        return e;
    }
}
