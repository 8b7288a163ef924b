package lockstep.workshop.booking;

import java.util.Objects;

/**
 * One step of one booking, as it happened.
 *
 * @param node      the node (server) the buyer was on
 * @param buyer     the buyer's id
 * @param step      which step
 * @param point     the exact point, for faults to aim at: the step's own {@link Step#label()}, or a
 *                  finer one a lock client reports, such as {@code setnx-granted}; no spaces
 * @param detail    a few words about it, for example the seat or who holds a lock; never null
 * @param nanoTime  {@link System#nanoTime()} when it happened: one monotonic clock that all JVMs on
 *                  one Linux machine share, and that no fault touches
 */
public record StepEvent(String node, String buyer, Step step, String point, String detail, long nanoTime) {

    public StepEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(detail, "detail");
        if (point.isEmpty() || point.contains(" ")) {
            throw new IllegalArgumentException("a point is one word such as setnx-granted, but was '" + point + "'");
        }
    }

    /** A step happening now, at the step's own point. */
    public static StepEvent now(String node, String buyer, Step step, String detail) {
        return new StepEvent(node, buyer, step, step.label(), detail, System.nanoTime());
    }

    /** A step happening now, at a finer point than the step's own. */
    public static StepEvent now(String node, String buyer, Step step, String point, String detail) {
        return new StepEvent(node, buyer, step, point, detail, System.nanoTime());
    }
}
