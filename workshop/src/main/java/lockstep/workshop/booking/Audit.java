package lockstep.workshop.booking;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the seat database and says what really happened: the verdict of a race comes from the
 * resource, never from what the buyers believe.
 */
public final class Audit {

    private static final int NAMES_SHOWN = 10;

    private Audit() {
    }

    public static AuditReport of(SeatDatabase database) throws SQLException {
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            int capacity = count(sql, "SELECT COUNT(*) FROM seat");
            int sold = count(sql, "SELECT COUNT(*) FROM confirmation");
            int seatsConfirmed = count(sql, "SELECT COUNT(DISTINCT seat) FROM confirmation");
            int buyers = count(sql, "SELECT COUNT(*) FROM buyer");
            int unanswered = count(sql, "SELECT COUNT(*) FROM buyer WHERE answer IS NULL");
            int booked = count(sql, "SELECT COUNT(*) FROM buyer WHERE answer = 'booked'");
            int taken = count(sql, "SELECT COUNT(*) FROM buyer WHERE answer = 'taken'");
            int failed = count(sql, "SELECT COUNT(*) FROM buyer WHERE answer = 'failed'");
            List<String> charged = names(sql, "SELECT DISTINCT buyer FROM charge WHERE buyer NOT IN"
                    + " (SELECT buyer FROM confirmation) ORDER BY buyer");
            List<String> unpaid = names(sql, "SELECT DISTINCT buyer FROM confirmation WHERE buyer NOT IN"
                    + " (SELECT buyer FROM charge) ORDER BY buyer");
            List<String> chargedTwice = names(sql, "SELECT buyer FROM charge GROUP BY buyer HAVING COUNT(*) > 1"
                    + " ORDER BY buyer");
            List<String> reasons = names(sql, "SELECT DISTINCT detail FROM buyer WHERE answer = 'failed' ORDER BY detail");
            return new AuditReport(capacity, sold, sold - seatsConfirmed, charged.size(), unpaid.size(),
                    chargedTwice.size(), unanswered, buyers, booked, taken, failed, seatsSoldTwice(sql),
                    firstFew(charged), firstFew(unpaid), firstFew(chargedTwice), firstFew(reasons),
                    failedPerNode(sql), StaleWrites.of(sql));
        }
    }

    private static Map<String, List<String>> seatsSoldTwice(Statement sql) throws SQLException {
        Map<String, List<String>> buyersPerSeat = new TreeMap<>();
        try (ResultSet rows = sql.executeQuery("SELECT seat, buyer FROM confirmation WHERE seat IN"
                + " (SELECT seat FROM confirmation GROUP BY seat HAVING COUNT(*) > 1) ORDER BY seat, confirmed_at")) {
            while (rows.next()) {
                buyersPerSeat.computeIfAbsent(rows.getString(1), seat -> new ArrayList<>()).add(rows.getString(2));
            }
        }
        return buyersPerSeat;
    }

    private static Map<String, Integer> failedPerNode(Statement sql) throws SQLException {
        Map<String, Integer> failed = new TreeMap<>();
        try (ResultSet rows = sql.executeQuery(
                "SELECT node, COUNT(*) FROM buyer WHERE answer = 'failed' GROUP BY node ORDER BY node")) {
            while (rows.next()) {
                failed.put(rows.getString(1), rows.getInt(2));
            }
        }
        return failed;
    }

    private static List<String> firstFew(List<String> names) {
        return names.subList(0, Math.min(NAMES_SHOWN, names.size()));
    }

    private static int count(Statement sql, String query) throws SQLException {
        try (ResultSet row = sql.executeQuery(query)) {
            row.next();
            return row.getInt(1);
        }
    }

    private static List<String> names(Statement sql, String query) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = sql.executeQuery(query)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
