package lockstep.workshop.cli;

import java.sql.DriverManager;
import java.sql.SQLException;
import lockstep.workshop.booking.SeatDatabase;
import picocli.CommandLine.Option;

/** {@code --db}: another seat database than the embedded default. */
final class DatabaseOption {

    @Option(names = "--db", paramLabel = "JDBC-URL",
            description = "Use this database instead of the embedded H2 file, for example"
                    + " jdbc:postgresql://127.0.0.1:5432/lockstep?user=lockstep&password=lockstep"
                    + " (docker/postgres.yml starts one). Its tables seat, charge, confirmation and buyer are reset.")
    String url;

    /**
     * The database given with --db, or null for the default. A URL that no JDBC driver of the workshop understands is
     * refused as bad input, naming the flag, before anything connects: it is a typo, not a database that is down.
     */
    SeatDatabase givenOrNull() {
        if (url == null) {
            return null;
        }
        SeatDatabase database;
        try {
            database = SeatDatabase.at(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--db: " + e.getMessage());
        }
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            throw new IllegalArgumentException("--db must be a JDBC URL of H2 (jdbc:h2:...) or PostgreSQL"
                    + " (jdbc:postgresql://HOST:PORT/DATABASE), but no driver understands '" + url + "'");
        }
        return database;
    }
}
