package lockstep.workshop.race;

import java.time.Duration;
import java.util.Locale;

/**
 * A moment when a JVM taking part in a check stood still: none of its threads ran, so it sent no heartbeat and
 * renewed no lease. Nobody planned it; a machine with more work than cores does it.
 *
 * @param where     the JVM that stood still: {@code "the grader"} or a node process such as {@code "node-03"}
 * @param nanoTime  when it began, on the {@link System#nanoTime()} clock every JVM of this machine shares
 * @param length    how long it lasted
 */
public record Freeze(String where, long nanoTime, Duration length) {

    /** For example "node-03 stood still for 3.2 s". */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s stood still for %.1f s", where, length.toMillis() / 1000.0);
    }
}
