package lockstep.workshop.race;

import java.time.Duration;
import java.util.Objects;
import lockstep.workshop.booking.StepEvent;

/**
 * One fault of a race, placed at a named point of the booking path (a {@link
 * lockstep.workshop.booking.StepEvent#point()}, such as {@code charging} or {@code setnx-granted}).
 * The first buyer of the whole race to reach the point has their node process hit; every other
 * buyer passes the point unharmed. Faults hit processes, so a race with a fault runs its nodes as
 * separate JVMs.
 *
 * @param point   where the fault lands
 * @param action  what happens to the node process
 * @param pause   for {@link Action#PAUSE}, how long the process stays stopped; zero otherwise
 */
public record Fault(String point, Action action, Duration pause) {

    /** What a fault does to the node process of the buyer who reached the point. */
    public enum Action {
        /** SIGKILL: the process is gone, with no clean-up, exactly at the point. */
        KILL,
        /** SIGSTOP, then SIGCONT after the pause: every thread of the JVM stops, heartbeats included. */
        PAUSE
    }

    public Fault {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(pause, "pause");
        if (point.isBlank() || point.contains(" ")) {
            throw new IllegalArgumentException("a fault point is one word such as setnx-granted, but was '" + point + "'");
        }
        if (action == Action.PAUSE && (pause.isNegative() || pause.isZero())) {
            throw new IllegalArgumentException("a pause must last longer than zero, but was " + pause);
        }
    }

    /**
     * Whether a fault aimed at {@code point} lands on {@code event}: the point names either the
     * event's exact point ({@code setnx-granted}) or its step ({@code lock-granted}, whichever call
     * granted the lock).
     */
    public static boolean landsOn(String point, StepEvent event) {
        return event.point().equals(point) || event.step().label().equals(point);
    }

    /** Kill the node process of the first buyer to reach {@code point}. */
    public static Fault killAt(String point) {
        return new Fault(point, Action.KILL, Duration.ZERO);
    }

    /** Stop the node process of the first buyer to reach {@code point} for {@code pause}, then let it go on. */
    public static Fault pauseAt(String point, Duration pause) {
        return new Fault(point, Action.PAUSE, pause);
    }

    @Override
    public String toString() {
        return action == Action.KILL ? "kill at " + point : "pause " + pause.toMillis() + " ms at " + point;
    }
}
