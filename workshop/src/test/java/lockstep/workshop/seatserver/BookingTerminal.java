package lockstep.workshop.seatserver;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.SeatDatabase;

/**
 * What one terminal's {@code book} does with the shared seat database, as a JVM of its own: it opens the database
 * (starting the seat server if none runs), says its first line, registers its buyer, claims seat A1 with a
 * conditional UPDATE, and says who holds A1 afterwards.
 *
 * <p>Usage: {@code BookingTerminal DATABASE NAME IDLE_MILLIS}. Prints {@code CONNECTING}, then
 * {@code FIRST LINE seats [A1] server pid N}, {@code CLAIMED true|false}, {@code A1 SOLD TO NAME}.
 */
public final class BookingTerminal {

    private BookingTerminal() {
    }

    public static void main(String[] args) throws Exception {
        Path database = Path.of(args[0]);
        String name = args[1];
        SeatDatabase seats = SharedSeatDatabase.at(database, Duration.ofMillis(Long.parseLong(args[2])));
        say("CONNECTING");
        List<String> hall = seats.seats();
        long serverPid = SeatServerAddress.readFrom(SharedSeatDatabase.addressFile(database)).orElseThrow().pid();
        say("FIRST LINE seats " + hall + " server pid " + serverPid);
        seats.registerBuyer(new Buyer(name, "A1"), name);
        try (Connection connection = seats.connect();
             PreparedStatement claim = connection.prepareStatement(
                     "UPDATE seat SET sold_to = ? WHERE id = 'A1' AND sold_to IS NULL");
             PreparedStatement look = connection.prepareStatement("SELECT sold_to FROM seat WHERE id = 'A1'")) {
            claim.setString(1, name);
            say("CLAIMED " + (claim.executeUpdate() == 1));
            try (ResultSet row = look.executeQuery()) {
                row.next();
                say("A1 SOLD TO " + row.getString(1));
            }
        }
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
