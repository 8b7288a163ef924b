package lockstep.workshop.race;

import java.time.Duration;
import java.util.Objects;
import lockstep.workshop.booking.StepEvent;

/**
 * One fault of a race, placed at a named point of the booking path (a {@link
 * lockstep.workshop.booking.StepEvent#point()}, such as {@code charging} or {@code setnx-granted}).
 * The first buyer of the whole race to reach the point has their node process hit, or the race's
 * Redis servers struck; every other buyer passes the point unharmed. Faults are placed by the race's
 * coordinator on node processes, so a race with a fault runs its nodes as separate JVMs. {@link
 * Action#HOLD} harms nothing: it only fixes an order of events that luck would otherwise decide.
 *
 * @param point   where the fault lands
 * @param action  what happens to the node process, or to the race's Redis servers
 * @param pause   for {@link Action#PAUSE}, how long the process stays stopped; for {@link Action#STRIKE_REDIS}, how
 *                long at most its buyer waits at the point (counted from when it got there) for another buyer to
 *                sell the seat; zero otherwise
 * @param redis   for {@link Action#STRIKE_REDIS}, what happens to which servers; null otherwise
 */
public record Fault(String point, Action action, Duration pause, RedisStrike redis) {

    /** What a fault does to the node process of the buyer who reached the point, or to the race's Redis servers. */
    public enum Action {
        /** SIGKILL: the process is gone, with no clean-up, exactly at the point. */
        KILL,
        /** SIGSTOP, then SIGCONT after the pause: every thread of the JVM stops, heartbeats included. */
        PAUSE,
        /**
         * The race's Redis servers are struck ({@link RedisStrike}) while the buyer's work goes on: the buyer waits at
         * the point until another buyer has confirmed the same seat (or for at most the fault's pause), as a holder
         * whose work takes long, and then carries on. Its node process is not touched.
         */
        STRIKE_REDIS,
        /**
         * The buyer waits at the point, its process running on, until a buyer of another node who wants the same seat
         * has moved (reached the same point, or got an answer), or someone waits for a row lock in the seat database.
         * Then it goes on. This puts another process inside the first buyer's critical section every time, instead of
         * when the scheduler allows.
         */
        HOLD
    }

    public Fault {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(pause, "pause");
        if (point.isBlank() || point.contains(" ")) {
            throw new IllegalArgumentException("a fault point is one word such as setnx-granted, but was '" + point + "'");
        }
        if ((action == Action.PAUSE || action == Action.STRIKE_REDIS) && (pause.isNegative() || pause.isZero())) {
            throw new IllegalArgumentException("a pause must last longer than zero, but was " + pause);
        }
        if ((action == Action.STRIKE_REDIS) != (redis != null)) {
            throw new IllegalArgumentException("a fault strikes Redis servers exactly when it says what it does to"
                    + " them, but " + action + " came with " + redis);
        }
    }

    /** A fault on the node process at {@code point}: killed, or paused for {@code pause}. */
    public Fault(String point, Action action, Duration pause) {
        this(point, action, pause, null);
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

    /**
     * Hold the first buyer to reach {@code point} there until a buyer of another node has moved (see
     * {@link Action#HOLD}).
     */
    public static Fault holdAt(String point) {
        return new Fault(point, Action.HOLD, Duration.ZERO);
    }

    /**
     * Whether the fault harms the node it hits (a kill, a pause, or Redis struck under its holder), so that the node's
     * buyers may rightly fail.
     */
    public boolean harms() {
        return action != Action.HOLD;
    }

    /** Stop the node process of the first buyer to reach {@code point} for {@code pause}, then let it go on. */
    public static Fault pauseAt(String point, Duration pause) {
        return new Fault(point, Action.PAUSE, pause);
    }

    /**
     * When the first buyer reaches {@code point}, strike the race's Redis servers as {@code strike} says, and hold that
     * buyer there until another buyer has confirmed its seat, or for at most {@code holdAtMost}.
     */
    public static Fault strikeRedisAt(String point, RedisStrike strike, Duration holdAtMost) {
        return new Fault(point, Action.STRIKE_REDIS, holdAtMost, strike);
    }

    @Override
    public String toString() {
        return switch (action) {
            case KILL -> "kill at " + point;
            case PAUSE -> "pause " + pause.toMillis() + " ms at " + point;
            case STRIKE_REDIS -> redis + " at " + point;
            case HOLD -> "hold at " + point + " until another node moves";
        };
    }
}
