package lockstep.workshop.booking;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What the booking code of one node has at hand while it serves one buyer: the three booking
 * steps (check the seat, charge the card, confirm the seat), and a connection of its own to the
 * seat database. A node serves several buyers at once, each at a box office of their own.
 *
 * <p>None of the steps protects you from other buyers. {@link #confirm} in particular writes the
 * seat unconditionally: whoever confirms last owns the seat. Keeping two buyers apart is your
 * code's job, with the database (Lab 01) or with a lock (Lab 02 on).
 *
 * <p>Each step is reported as it happens, so that {@code lockstep book} prints it, the history
 * records it and a grader can pause a buyer at it.
 */
public interface BoxOffice {

    /**
     * This box office's own connection to the seat database, for your own SQL. It starts in
     * auto-commit mode; if you turn that off, commit or roll back before you return your answer.
     */
    Connection connection();

    /** Reads whether {@code seat} is still free. The answer may be stale the moment it arrives. */
    boolean isFree(String seat) throws SQLException;

    /** Charges {@code buyer} for their seat. Takes the payment time; the charge cannot be undone. */
    void charge(Buyer buyer) throws SQLException;

    /**
     * Records the buyer's seat as sold to them and issues their confirmation, in one transaction
     * (yours, if you turned auto-commit off). Unconditional: it overwrites whoever held the seat.
     */
    void confirm(Buyer buyer) throws SQLException;

    /** The name of the node this box office belongs to. */
    String node();
}
