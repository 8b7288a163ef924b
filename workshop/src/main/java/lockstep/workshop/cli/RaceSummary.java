package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.grading.History;
import lockstep.workshop.race.FaultReport;
import lockstep.workshop.race.RaceResult;

/** Prints a race's audit as a small table with a one-line verdict, for people rather than scripts. */
final class RaceSummary {

    private RaceSummary() {
    }

    static void print(RaceResult result, PrintWriter out) {
        AuditReport audit = result.audit();
        var setup = result.setup();
        out.printf("%s, %s%n", setup.code().lab(), CodeOptions.describe(setup.code()));
        out.printf("%,d buyers on %d nodes (%s), %d seat%s%n%n", setup.plan().buyers(), setup.plan().nodes(),
                setup.mode(), setup.plan().seats(), setup.plan().seats() == 1 ? "" : "s");
        row(out, "seats in the hall", audit.capacity(), "");
        row(out, "seats sold", audit.sold(), "");
        Map.Entry<String, List<String>> worst = audit.worstSeat();
        row(out, "oversold", audit.oversold(),
                worst == null ? "" : "seat " + worst.getKey() + " went to " + worst.getValue().size() + " buyers");
        row(out, "charged without a seat", audit.chargedWithoutSeat(), "");
        row(out, "booked without a charge", audit.bookedWithoutCharge(), "");
        row(out, "charged twice", audit.chargedTwice(), "");
        if (!result.history().grantsPerLock().isEmpty()) {
            // Counted from the buyers' own lock steps: a double grant shows here even when the seat database was
            // lucky, or when a holder stopped in time.
            List<History.Overlap> overlaps = result.history().overlaps();
            row(out, "two holders at once", overlaps.size(),
                    overlaps.isEmpty() ? "" : "pairs of buyers, for example " + overlaps.get(0));
        }
        if (audit.staleWrites().fenced()) {
            // Only a race whose resources were fenced (Lab 06) recorded who wrote with which token.
            row(out, "stale writes accepted", audit.staleWrites().accepted(), String.join(", ",
                    audit.staleWrites().examples()));
            row(out, "stale writes refused", audit.staleWrites().refused(), "");
        }
        row(out, "unanswered", audit.unanswered(), "");
        out.printf("  %-24s %,6d booked, %,d taken, %,d failed%n", "answers", audit.booked(), audit.taken(), audit.failed());
        out.printf("  %-24s %,6d ms%n", "time", result.durationMs());
        FaultReport fault = result.fault();
        if (fault != null) {
            out.printf("  %-24s %s%n", "fault", fault);
        }
        out.println();
        out.println(result.verdict());
        if (audit.failed() > 0) {
            out.println("Why buyers failed, for example: " + audit.failureReasons());
        }
        String note = setup.code().lab().raceNote();
        if (!note.isEmpty()) {
            out.println(note);
        }
    }

    private static void row(PrintWriter out, String label, int value, String note) {
        out.printf("  %-24s %,6d%s%n", label, value, note.isEmpty() ? "" : "   " + note);
    }
}
