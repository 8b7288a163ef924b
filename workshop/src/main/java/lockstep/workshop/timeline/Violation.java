package lockstep.workshop.timeline;

import java.util.List;
import java.util.Objects;

/**
 * One broken rule of a correct sale, as the timeline shows it: a sentence, and the spots on the buyers' rows
 * to paint red.
 *
 * @param kind      which rule: {@code two-holders}, {@code seat-sold-twice} or {@code charged-without-seat}
 * @param sentence  what happened, in the story's words, with the numbers
 * @param fromMs    where it starts on the race's clock, in milliseconds from the race's first step
 * @param toMs      where it ends (equal to {@code fromMs} for a moment)
 * @param spots     where to paint it: a span on a buyer's row, or a single moment
 */
public record Violation(String kind, String sentence, double fromMs, double toMs, List<Spot> spots) {

    public Violation {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(sentence, "sentence");
        spots = List.copyOf(spots);
        if (toMs < fromMs) {
            throw new IllegalArgumentException("a violation ends after it starts, but ran from " + fromMs + " to " + toMs);
        }
    }

    /** A span ({@code fromMs < toMs}) or a moment ({@code fromMs == toMs}) on one buyer's row. */
    public record Spot(String buyer, double fromMs, double toMs) {

        public Spot {
            Objects.requireNonNull(buyer, "buyer");
        }
    }
}
