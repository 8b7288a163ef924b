package lockstep.workshop.booking;

import java.util.Objects;

/**
 * One write as a fenced resource sees it when it asks its {@link Fence}.
 *
 * @param resource which resource takes the write: {@value #SEATS} (the seat database, a confirmation) or
 *                 {@value #PAYMENTS} (the payment provider, a charge)
 * @param seat     the seat the write is about, for example {@code A1}
 * @param token    the fencing token the holder showed
 * @param holder   who wrote: the buyer holding the seat's lock, for example {@code buyer-0042}
 */
public record FencedWrite(String resource, String seat, long token, String holder) {

    /** The seat database, whose writes are confirmations. */
    public static final String SEATS = "seats";
    /** The payment provider, whose writes are card charges. */
    public static final String PAYMENTS = "payments";

    public FencedWrite {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(seat, "seat");
        Objects.requireNonNull(holder, "holder");
        if (!resource.equals(SEATS) && !resource.equals(PAYMENTS)) {
            throw new IllegalArgumentException("a fenced resource is '" + SEATS + "' or '" + PAYMENTS + "', but was '"
                    + resource + "'");
        }
    }

    /** The resource in the words of a buyer's answer: the seat database, or the payment provider. */
    public String resourceInWords() {
        return resource.equals(SEATS) ? "the seat database" : "the payment provider";
    }
}
