package lockstep.workshop.booking;

import java.util.Objects;

/**
 * One step of one booking, as it happened.
 *
 * @param node      the node (server) the buyer was on
 * @param buyer     the buyer's id
 * @param step      which step
 * @param detail    a few words about it, for example the seat or who holds a lock; never null
 * @param nanoTime  {@link System#nanoTime()} when it happened: one monotonic clock that all JVMs on
 *                  one Linux machine share, and that no fault touches
 */
public record StepEvent(String node, String buyer, Step step, String detail, long nanoTime) {

    public StepEvent {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(detail, "detail");
    }
}
