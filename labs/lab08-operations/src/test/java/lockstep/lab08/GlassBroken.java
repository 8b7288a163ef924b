package lockstep.lab08;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.booking.SeatDatabase;

/** One row of the break-glass's log, {@code glass_broken}. */
record GlassBroken(String seat, String operator, String reason, long token, long brokenAtMillis) {

    static List<GlassBroken> all(SeatDatabase database) throws SQLException {
        List<GlassBroken> rows = new ArrayList<>();
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT seat, operator, reason, token, broken_at FROM glass_broken ORDER BY id");
             ResultSet row = select.executeQuery()) {
            while (row.next()) {
                rows.add(new GlassBroken(row.getString(1), row.getString(2), row.getString(3), row.getLong(4),
                        row.getLong(5)));
            }
        }
        return rows;
    }
}
