package lockstep.workshop.lockserver;

import java.time.Duration;

/**
 * Every time budget of the lock server tests, in one place and scalable: on a slow or busy machine run the tests
 * with {@code -Dlockstep.timing.factor=3}. Budgets are upper bounds for things that normally take milliseconds;
 * correctness never depends on them, only on the manual clock, latches and futures.
 */
final class Timing {

    private static final double FACTOR = Double.parseDouble(System.getProperty("lockstep.timing.factor", "1"));

    private Timing() {
    }

    /** How long to wait for something that should happen at once (an answer, a hand-off). */
    static Duration patience() {
        return scaled(Duration.ofSeconds(10));
    }

    /** How long a separate server JVM may take to start and print its URL. */
    static Duration processStart() {
        return scaled(Duration.ofSeconds(30));
    }

    /** A request timeout short enough that a slowloris test is quick, long enough for a healthy request. */
    static Duration shortRequestTimeout() {
        return scaled(Duration.ofMillis(300));
    }

    /** A pause that should be long enough to tell "it happened" from "it did not happen (yet)". */
    static Duration quietPeriod() {
        return scaled(Duration.ofMillis(300));
    }

    private static Duration scaled(Duration duration) {
        return Duration.ofNanos((long) (duration.toNanos() * FACTOR));
    }
}
