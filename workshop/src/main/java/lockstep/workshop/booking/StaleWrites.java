package lockstep.workshop.booking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * What the fenced resources' record says about stale writes (Lab 06), judged at the resource: a write is stale when,
 * before it reached the seat database or the payment provider, that resource had already accepted a write on the
 * same seat from a buyer whose lock was granted after the writer's. The lock had passed on, and the writer wrote as
 * if it had not. A fenced resource refuses such a write; one whose holder showed no token, or whose fence is wrong,
 * applies it.
 *
 * <p>Who was granted the lock when is what the toolkit stamped on each write ({@link WritePass#grantedAtNanos()}),
 * not the token the holder showed: so a write is judged the same whether it carried a token, a wrong one, or none.
 *
 * @param writes    the writes the fenced resources recorded; 0 for a race whose resources had no fence (Labs 01 to 05)
 * @param accepted  stale writes the resources applied
 * @param refused   stale writes the resources refused
 * @param examples  the first few stale writes that were applied, in words
 */
public record StaleWrites(int writes, int accepted, int refused, List<String> examples) {

    /** No fenced resource, so nothing to judge. */
    public static final StaleWrites NONE = new StaleWrites(0, 0, 0, List.of());

    private static final int EXAMPLES_AT_MOST = 5;

    public StaleWrites {
        examples = List.copyOf(examples);
    }

    /** Whether the resources were fenced in this race: they recorded the writes they were sent. */
    public boolean fenced() {
        return writes > 0;
    }

    /** Stale writes that reached a resource, applied or refused. */
    public int attempted() {
        return accepted + refused;
    }

    /** Judges every recorded write against the writes its resource had accepted before it. */
    static StaleWrites of(Statement sql) throws SQLException {
        int writes;
        try (ResultSet count = sql.executeQuery("SELECT COUNT(*) FROM fenced_write")) {
            count.next();
            writes = count.getInt(1);
        }
        if (writes == 0) {
            return NONE;
        }
        int accepted = 0;
        int refused = 0;
        List<String> examples = new ArrayList<>();
        try (ResultSet stale = sql.executeQuery("SELECT w.resource, w.seat, w.buyer, w.token, w.accepted"
                + " FROM fenced_write w WHERE EXISTS (SELECT 1 FROM fenced_write newer"
                + " WHERE newer.resource = w.resource AND newer.seat = w.seat AND newer.accepted"
                + " AND newer.buyer <> w.buyer AND newer.granted_at > w.granted_at AND newer.written_at < w.written_at)"
                + " ORDER BY w.written_at")) {
            while (stale.next()) {
                if (!stale.getBoolean(5)) {
                    refused++;
                    continue;
                }
                accepted++;
                if (examples.size() < EXAMPLES_AT_MOST) {
                    long token = stale.getLong(4);
                    String shown = stale.wasNull() ? "no fencing token" : "fencing token " + token;
                    String write = FencedWrite.SEATS.equals(stale.getString(1)) ? "confirmation" : "charge";
                    examples.add(stale.getString(3) + "'s " + write + " of " + stale.getString(2) + " (" + shown + ")");
                }
            }
        }
        return new StaleWrites(writes, accepted, refused, examples);
    }
}
