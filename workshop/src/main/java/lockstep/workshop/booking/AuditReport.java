package lockstep.workshop.booking;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the seat database says happened, read after the buyers are done.
 *
 * @param capacity            seats in the hall
 * @param sold                confirmations issued (one per ticket handed out)
 * @param oversold            confirmations beyond one per seat: a seat confirmed to 7 buyers adds 6
 * @param chargedWithoutSeat  buyers who paid but hold no confirmation
 * @param bookedWithoutCharge buyers who hold a confirmation but were never charged: a ticket given away
 * @param chargedTwice        buyers whose card was charged more than once
 * @param unanswered          registered buyers who never got an answer
 * @param buyers              registered buyers
 * @param booked              buyers told "booked"
 * @param taken               buyers told "taken"
 * @param failed              buyers told "failed"
 * @param buyersPerSeat       for each seat confirmed more than once, the buyers who hold it
 * @param chargedBuyers       the first few buyers charged without a seat, by name
 * @param unpaidBuyers        the first few buyers booked without a charge, by name
 * @param twiceChargedBuyers  the first few buyers charged more than once, by name
 * @param failureReasons      the first few distinct reasons buyers were told "failed"
 * @param failedPerNode       how many buyers each node told "failed", for nodes that told any
 * @param staleWrites         writes the fenced resources took from holders whose lock had passed on (Lab 06)
 */
public record AuditReport(
        int capacity,
        int sold,
        int oversold,
        int chargedWithoutSeat,
        int bookedWithoutCharge,
        int chargedTwice,
        int unanswered,
        int buyers,
        int booked,
        int taken,
        int failed,
        Map<String, List<String>> buyersPerSeat,
        List<String> chargedBuyers,
        List<String> unpaidBuyers,
        List<String> twiceChargedBuyers,
        List<String> failureReasons,
        Map<String, Integer> failedPerNode,
        StaleWrites staleWrites) {

    public AuditReport {
        buyersPerSeat = Map.copyOf(buyersPerSeat);
        chargedBuyers = List.copyOf(chargedBuyers);
        unpaidBuyers = List.copyOf(unpaidBuyers);
        twiceChargedBuyers = List.copyOf(twiceChargedBuyers);
        failureReasons = List.copyOf(failureReasons);
        failedPerNode = Map.copyOf(failedPerNode);
        Objects.requireNonNull(staleWrites, "staleWrites");
    }

    /**
     * Whether the money and the seats agree: every seat went to at most one buyer, nobody paid for nothing, nobody
     * got a ticket without paying, and nobody paid twice.
     */
    public boolean isClean() {
        return oversold == 0 && chargedWithoutSeat == 0 && bookedWithoutCharge == 0 && chargedTwice == 0;
    }

    /** How many buyers were told "failed" by nodes other than {@code node}. */
    public int failedElsewhereThan(String node) {
        return failed - failedPerNode.getOrDefault(node, 0);
    }

    /** The seat sold to the most buyers, with those buyers; empty when no seat was sold twice. */
    public Map.Entry<String, List<String>> worstSeat() {
        return buyersPerSeat.entrySet().stream()
                .max((a, b) -> Integer.compare(a.getValue().size(), b.getValue().size()))
                .orElse(null);
    }
}
