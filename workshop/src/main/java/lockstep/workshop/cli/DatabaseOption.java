package lockstep.workshop.cli;

import lockstep.workshop.booking.SeatDatabase;
import picocli.CommandLine.Option;

/** {@code --db}: another seat database than the embedded default. */
final class DatabaseOption {

    @Option(names = "--db", paramLabel = "JDBC-URL",
            description = "Use this database instead of the embedded H2 file, for example"
                    + " jdbc:postgresql://127.0.0.1:5432/lockstep?user=lockstep&password=lockstep"
                    + " (docker/postgres.yml starts one). Its tables seat, charge, confirmation and buyer are reset.")
    String url;

    /** The database given with --db, or null for the default. */
    SeatDatabase givenOrNull() {
        return url == null ? null : SeatDatabase.at(url);
    }
}
