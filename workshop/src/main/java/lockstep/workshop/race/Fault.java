package lockstep.workshop.race;

import java.time.Duration;
import java.util.Objects;
import lockstep.workshop.booking.StepEvent;

/**
 * One fault of a race, placed at a named point of the booking path (a {@link
 * lockstep.workshop.booking.StepEvent#point()}, such as {@code charging} or {@code setnx-granted}).
 * The first buyer of the whole race to reach the point has the fault strike under them; every other
 * buyer passes the point unharmed.
 *
 * <p>Most faults hit that buyer's node process, or strike the race's Redis servers under it; they are
 * placed by the race's coordinator on node processes, so a race with one runs its nodes as separate
 * JVMs. {@link Action#HOLD} harms nothing: it only fixes an order of events that luck would otherwise
 * decide. The {@code STOP_*} faults hit the lock service instead, a ZooKeeper ensemble that the race
 * owns: the buyer waits at the point, holding its lock, while servers stop, and goes on once the
 * fault has landed. Those need no separate JVMs.
 *
 * @param point    where the fault lands
 * @param action   what happens: to the node process, to the race's Redis servers, or to the ensemble
 * @param pause    for {@link Action#PAUSE}, how long the process stays stopped; for {@link Action#STRIKE_REDIS}, how
 *                 long at most its buyer waits at the point (counted from when it got there) for another buyer to
 *                 sell the seat; for {@link Action#STOP_QUORUM}, how long the servers stay stopped; zero otherwise
 * @param redis    for {@link Action#STRIKE_REDIS}, what happens to which servers; null otherwise
 * @param mayLose  for a fault that hits the lock service, how many buyers a correct lab may lose to it (told
 *                 "failed" instead of booked or taken): the bound its README states; 0 for other faults, whose hit
 *                 node's buyers may all fail
 */
public record Fault(String point, Action action, Duration pause, RedisStrike redis, int mayLose) {

    /** What a fault does: to the node process of the buyer who reached the point, to Redis, or to the ensemble. */
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
        HOLD,
        /**
         * A follower of the ensemble stops (as if its process crashed), for the rest of the race: the one the buyer's
         * session is connected to if that is a follower, otherwise another. Its clients move to another member, in the
         * same session. The buyer goes on once its session is connected again.
         */
        STOP_FOLLOWER,
        /**
         * The ensemble's leader stops, for the rest of the race: every client is cut off while the others elect a new
         * one, then reconnects in the same session. The buyer goes on once its session is connected again.
         */
        STOP_LEADER,
        /**
         * Two of three servers (the leader and a follower) stop for the fault's pause: the third has no quorum and
         * serves nobody. Sessions that last less than the pause end. Then both start again, and the buyer goes on once
         * the ensemble serves.
         */
        STOP_QUORUM;

        /** Whether this action hits a ZooKeeper ensemble rather than a node process. */
        public boolean hitsTheLockService() {
            return this == STOP_FOLLOWER || this == STOP_LEADER || this == STOP_QUORUM;
        }
    }

    public Fault {
        Objects.requireNonNull(point, "point");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(pause, "pause");
        if (point.isBlank() || point.contains(" ")) {
            throw new IllegalArgumentException("a fault point is one word such as setnx-granted, but was '" + point + "'");
        }
        if ((action == Action.PAUSE || action == Action.STRIKE_REDIS || action == Action.STOP_QUORUM)
                && (pause.isNegative() || pause.isZero())) {
            throw new IllegalArgumentException("a pause must last longer than zero, but was " + pause);
        }
        if ((action == Action.STRIKE_REDIS) != (redis != null)) {
            throw new IllegalArgumentException("a fault strikes Redis servers exactly when it says what it does to"
                    + " them, but " + action + " came with " + redis);
        }
        if (mayLose < 0 || (mayLose > 0 && !action.hitsTheLockService())) {
            throw new IllegalArgumentException("only a fault of the lock service has a bound on buyers lost, and it is"
                    + " 0 or more; " + action + " had " + mayLose);
        }
    }

    /** A fault that strikes no Redis server and has no bound on buyers lost. */
    public Fault(String point, Action action, Duration pause) {
        this(point, action, pause, null, 0);
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
        return action == Action.KILL || action == Action.PAUSE || action == Action.STRIKE_REDIS;
    }

    /** Whether the fault hits a node process, so that the race must run its nodes as separate JVMs. */
    public boolean hitsANode() {
        return !action.hitsTheLockService();
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
        return new Fault(point, Action.STRIKE_REDIS, holdAtMost, strike, 0);
    }
    /** Stop a follower of the ensemble under the first buyer to reach {@code point}, preferably its own. */
    public static Fault stopFollowerAt(String point) {
        return new Fault(point, Action.STOP_FOLLOWER, Duration.ZERO);
    }

    /** Stop the ensemble's leader while the first buyer to reach {@code point} waits there. */
    public static Fault stopLeaderAt(String point) {
        return new Fault(point, Action.STOP_LEADER, Duration.ZERO);
    }

    /** Stop two of three servers for {@code outage} while the first buyer to reach {@code point} waits there. */
    public static Fault stopQuorumAt(String point, Duration outage) {
        return new Fault(point, Action.STOP_QUORUM, outage);
    }

    /** This fault of the lock service, which a correct lab survives losing at most {@code buyers} buyers. */
    public Fault losingAtMost(int buyers) {
        return new Fault(point, action, pause, redis, buyers);
    }

    @Override
    public String toString() {
        return switch (action) {
            case KILL -> "kill at " + point;
            case PAUSE -> "pause " + pause.toMillis() + " ms at " + point;
            case STRIKE_REDIS -> redis + " at " + point;
            case HOLD -> "hold at " + point + " until another node moves";
            case STOP_FOLLOWER -> "stop a follower under the buyer at " + point;
            case STOP_LEADER -> "stop the leader under the buyer at " + point;
            case STOP_QUORUM -> "stop two of three servers for " + pause.toMillis() + " ms under the buyer at " + point;
        };
    }
}
