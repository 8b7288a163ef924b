package lockstep.workshop.booking;

import java.util.Objects;

/**
 * One person pressing "Buy" for one seat.
 *
 * @param id   a name unique within one race, for example {@code buyer-0042} or {@code Node_Alpha}
 * @param seat the seat this buyer wants, for example {@code A1}
 */
public record Buyer(String id, String seat) {

    /** The longest buyer name the seat database stores. */
    public static final int MAX_ID_LENGTH = 64;

    public Buyer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(seat, "seat");
        if (id.isBlank() || id.length() > MAX_ID_LENGTH) {
            throw new IllegalArgumentException(
                    "a buyer id must be 1 to " + MAX_ID_LENGTH + " characters, but was '" + id + "'");
        }
        if (!Seats.isValidLabel(seat)) {
            throw new IllegalArgumentException(
                    "a seat is a row letter and a number such as A1 or A12, but was '" + seat + "'");
        }
    }
}
