package lockstep.workshop.booking;

import java.util.List;
import java.util.Map;

/**
 * What the seat database says happened, read after the buyers are done.
 *
 * @param capacity            seats in the hall
 * @param sold                confirmations issued (one per ticket handed out)
 * @param oversold            confirmations beyond one per seat: a seat confirmed to 7 buyers adds 6
 * @param chargedWithoutSeat  buyers who paid but hold no confirmation
 * @param unanswered          registered buyers who never got an answer
 * @param buyers              registered buyers
 * @param booked              buyers told "booked"
 * @param taken               buyers told "taken"
 * @param failed              buyers told "failed"
 * @param buyersPerSeat       for each seat confirmed more than once, the buyers who hold it
 * @param chargedBuyers       the first few buyers charged without a seat, by name
 * @param failureReasons      the first few distinct reasons buyers were told "failed"
 */
public record AuditReport(
        int capacity,
        int sold,
        int oversold,
        int chargedWithoutSeat,
        int unanswered,
        int buyers,
        int booked,
        int taken,
        int failed,
        Map<String, List<String>> buyersPerSeat,
        List<String> chargedBuyers,
        List<String> failureReasons) {

    public AuditReport {
        buyersPerSeat = Map.copyOf(buyersPerSeat);
        chargedBuyers = List.copyOf(chargedBuyers);
        failureReasons = List.copyOf(failureReasons);
    }

    /** Whether every seat went to at most one buyer and nobody paid for nothing. */
    public boolean isClean() {
        return oversold == 0 && chargedWithoutSeat == 0;
    }

    /** The seat sold to the most buyers, with those buyers; empty when no seat was sold twice. */
    public Map.Entry<String, List<String>> worstSeat() {
        return buyersPerSeat.entrySet().stream()
                .max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
                .orElse(null);
    }
}
