package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.race.Fault;
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
        row(out, "unanswered", audit.unanswered(), "");
        out.printf("  %-24s %,6d booked, %,d taken, %,d failed%n", "answers", audit.booked(), audit.taken(), audit.failed());
        out.printf("  %-24s %,6d ms%n", "time", result.durationMs());
        FaultReport fault = result.fault();
        if (fault != null) {
            out.printf("  %-24s %s%n", "fault", fault);
        }
        out.println();
        boolean killed = fault != null && fault.fired() && fault.fault().action() == Fault.Action.KILL;
        out.println(verdict(audit, killed));
        if (audit.failed() > 0) {
            out.println("Why buyers failed, for example: " + audit.failureReasons());
        }
    }

    /** The verdict in one line; the buyers of a node the fault killed cannot answer, so they are not held against it. */
    static String verdict(AuditReport audit, boolean aNodeWasKilled) {
        if (audit.oversold() > 0) {
            return "OVERSOLD: " + audit.oversold() + " seat sales too many. Two buyers checked the same free seat"
                    + " before either one sold it.";
        }
        if (audit.chargedWithoutSeat() > 0) {
            return "WRONG: " + audit.chargedWithoutSeat() + " buyers paid but got no seat.";
        }
        if (audit.unanswered() > 0 && !aNodeWasKilled) {
            return "WRONG: " + audit.unanswered() + " buyers never got an answer.";
        }
        if (audit.sold() == 0 && audit.capacity() > 0) {
            return "NOTHING SOLD: every buyer was turned away or lost, though seats were free. Was a lock left behind?";
        }
        return aNodeWasKilled
                ? "CORRECT: no seat sold twice, nobody charged without a seat; only the killed node's buyers went"
                        + " unanswered."
                : "CORRECT: no seat sold twice, nobody charged without a seat, every buyer answered.";
    }

    private static void row(PrintWriter out, String label, int value, String note) {
        out.printf("  %-24s %,6d%s%n", label, value, note.isEmpty() ? "" : "   " + note);
    }
}
