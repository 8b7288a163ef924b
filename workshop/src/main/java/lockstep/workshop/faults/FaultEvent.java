package lockstep.workshop.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault that fired: what it was, what it hit, and when, on the {@code System.nanoTime()} clock
 * (comparable across JVMs on one Linux machine), so a checker can place it in a history.
 *
 * @param name what was done, such as {@code "SIGKILL"} or {@code "cut"}
 * @param target what it was done to, such as {@code "pid 4242"}
 * @param startNanos when the step began
 * @param endNanos when its effect was observed (the process dead, the session gone)
 */
public record FaultEvent(String name, String target, long startNanos, long endNanos) {

    public FaultEvent {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(target, "target");
        if (endNanos - startNanos < 0) {
            throw new IllegalArgumentException("a fault cannot end before it starts: " + startNanos + " > " + endNanos);
        }
    }

    /** An event that began at {@code startNanos} and whose effect is observed now. */
    static FaultEvent since(String name, String target, long startNanos) {
        return new FaultEvent(name, target, startNanos, System.nanoTime());
    }

    /** How long the step took, from its start until its effect was observed. */
    public Duration duration() {
        return Duration.ofNanos(endNanos - startNanos);
    }

    @Override
    public String toString() {
        return name + " of " + target + " (took " + duration().toMillis() + " ms)";
    }
}
