package lockstep.workshop.race;

import java.util.Objects;

/**
 * Where a race's fault landed, or that it never did. A fault that did not fire proves nothing, so
 * a grader must check {@link #fired()} before it calls a result a pass.
 *
 * @param fault     the fault that was planned
 * @param fired     whether some buyer reached the point and the fault hit where it is meant to
 * @param node      the node it hit (for a fault of the lock service, the node of the buyer it struck under), or empty
 * @param buyer     the buyer who reached the point, or empty
 * @param nanoTime  when it hit ({@link System#nanoTime()}), or 0
 * @param landing   how it was seen to land, in words, for a fault of the lock service (which member stopped, what
 *                  it was, when the ensemble served again) or of Redis (which servers the lock was on); or, when it
 *                  reached its point but did not fire, why; empty for the others
 */
public record FaultReport(Fault fault, boolean fired, String node, String buyer, long nanoTime, String landing) {

    public FaultReport {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(landing, "landing");
    }

    /** A fault that hit a node: its landing needs no words beyond the node and the buyer. */
    public FaultReport(Fault fault, boolean fired, String node, String buyer, long nanoTime) {
        this(fault, fired, node, buyer, nanoTime, "");
    }

    public static FaultReport notFired(Fault fault) {
        return new FaultReport(fault, false, "", "", 0);
    }

    /**
     * Whether a buyer reached the fault's point but the fault could not land where it is meant to, and did not strike:
     * the race is inconclusive about it, and racing again may meet it.
     */
    public boolean missedItsPoint() {
        return !fired && !landing.isEmpty();
    }

    @Override
    public String toString() {
        if (!fired) {
            return fault + (landing.isEmpty() ? ": never reached" : ": did not strike: it " + landing);
        }
        if (fault.action().hitsTheLockService()) {
            return fault + ": struck while " + buyer + " of " + node + " waited there; " + landing;
        }
        return fault + ": hit " + node + " when " + buyer + " reached it" + (landing.isEmpty() ? "" : "; " + landing);
    }
}
