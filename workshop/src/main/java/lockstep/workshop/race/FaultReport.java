package lockstep.workshop.race;

import java.util.Objects;

/**
 * Where a race's fault landed, or that it never did. A fault that did not fire proves nothing, so
 * a grader must check {@link #fired()} before it calls a result a pass.
 *
 * @param fault     the fault that was planned
 * @param fired     whether some buyer reached the point and the fault hit
 * @param node      the node it hit, or empty
 * @param buyer     the buyer who reached the point, or empty
 * @param nanoTime  when it hit ({@link System#nanoTime()}), or 0
 */
public record FaultReport(Fault fault, boolean fired, String node, String buyer, long nanoTime) {

    public FaultReport {
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(buyer, "buyer");
    }

    public static FaultReport notFired(Fault fault) {
        return new FaultReport(fault, false, "", "", 0);
    }

    @Override
    public String toString() {
        return fired ? fault + ": hit " + node + " when " + buyer + " reached it" : fault + ": never reached";
    }
}
