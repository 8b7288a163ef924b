package lockstep.workshop.live;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One look at the lock znodes of a ZooKeeper lab: for each lock, the owner written in its data, the session that owns
 * the ephemeral znode, that session's timeout, how long it has been held, its creation zxid (the fencing token of Labs
 * 06 and 08), how many other sessions watch it (the waiters, in Lab 03) and how many wait in its queue (Labs 05 and
 * 08); then the changes seen between looks. A lock held longer than the look's threshold is flagged: a holder that
 * hangs with its session alive keeps its lock for ever, and nothing but a person looking will notice.
 *
 * @param connectString the ZooKeeper looked at
 * @param lockRoot      the folder of the lab's locks, for example {@code /lockstep/locks}
 * @param takenAtMillis when, on this machine's wall clock
 * @param problem       why this look shows no locks (no ZooKeeper answers, or it refused), as one sentence; empty
 *                      when it answered
 * @param locks         the lock znodes, sorted by name
 * @param changes       the last changes seen between looks, oldest first
 * @param heldTooLong   a lock held longer than this is flagged ({@code visualize --held-too-long})
 */
public record ZnodeSnapshot(String connectString, String lockRoot, long takenAtMillis, String problem,
                            List<LockZnode> locks, List<Change> changes, Duration heldTooLong) implements LiveSnapshot {

    /** A session timeout or a count of watchers that ZooKeeper would not tell. */
    public static final int UNKNOWN = -1;

    /**
     * How long a lock may be held before a look flags it, unless told otherwise: far longer than any sale here (a
     * payment takes 30 ms in a race, 2 s by hand), short enough to notice a hung job within a minute.
     */
    public static final Duration DEFAULT_HELD_TOO_LONG = Duration.ofSeconds(30);

    public ZnodeSnapshot {
        Objects.requireNonNull(connectString, "connectString");
        Objects.requireNonNull(lockRoot, "lockRoot");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(heldTooLong, "heldTooLong");
        locks = List.copyOf(locks);
        changes = List.copyOf(changes);
    }

    /** A look that flags a lock held longer than {@link #DEFAULT_HELD_TOO_LONG}. */
    public ZnodeSnapshot(String connectString, String lockRoot, long takenAtMillis, String problem,
                         List<LockZnode> locks, List<Change> changes) {
        this(connectString, lockRoot, takenAtMillis, problem, locks, changes, DEFAULT_HELD_TOO_LONG);
    }

    /**
     * One lock znode.
     *
     * @param name                 its name under the lock root, for example {@code A1}; a waiter in a seat's queue is
     *                             named by its place, for example {@code A1 #2}
     * @param owner                its data: who holds it, for example {@code node-03/buyer-0042}
     * @param sessionId            the session that owns it, or 0 for a persistent znode, which no session owns
     * @param createdMillis        when it was created, on ZooKeeper's clock
     * @param czxid                the zxid of its creation: grows with every write, a fencing token (Lab 06)
     * @param sessionTimeoutMillis its session's negotiated timeout, or {@link #UNKNOWN}
     * @param watchers             how many sessions other than its own watch it, or {@link #UNKNOWN}
     */
    public record LockZnode(String name, String owner, long sessionId, long createdMillis, long czxid,
                            long sessionTimeoutMillis, int watchers) {

        /** How a waiter's place in a seat's queue is written after the seat: {@code A1 #2}. */
        public static final String QUEUE_PLACE = " #";

        /** Whether this is a waiter in a seat's queue (Lab 05) rather than the holder. */
        public boolean isWaiter() {
            return name.contains(QUEUE_PLACE);
        }

        /** Whether a session owns it, so that it goes when that session ends. */
        public boolean isEphemeral() {
            return sessionId != 0;
        }

        /** Its owner and session, as a change names them: {@code Node_Alpha/Node_Alpha (session 0x1000a)}. */
        public String describe() {
            return owner + (isEphemeral() ? " (session " + sessionName(sessionId) + ")" : " (persistent znode)");
        }
    }

    /**
     * A change seen between two looks.
     *
     * @param atMillis when the later look saw it
     * @param kind     taken, passed or released
     * @param text     what changed, for example {@code A1 taken by Node_Alpha/Node_Alpha (session 0x1000a)}
     */
    public record Change(long atMillis, String kind, String text) {
    }

    @Override
    public boolean serviceAnswered() {
        return problem.isEmpty();
    }

    /** The line above the locks: {@code Lock znodes under /lockstep/locks at 127.0.0.1:2181}. */
    public String source() {
        return "Lock znodes under " + lockRoot + " at " + connectString;
    }

    /** How long {@code lock} had been held at this look: {@code 1.2 s}. */
    public String heldFor(LockZnode lock) {
        return String.format(Locale.ROOT, "%.1f s", ageMillis(lock) / 1000.0);
    }

    /** Whether {@code lock} is a holder (not a waiter) that had held it longer than the threshold at this look. */
    public boolean isHeldTooLong(LockZnode lock) {
        return !lock.isWaiter() && ageMillis(lock) > heldTooLong.toMillis();
    }

    /**
     * The flag of a lock held too long, as sentences that begin {@code A1 held 42.0 s by job/seat-map, longer than 30 s:
     * a hung holder?}; empty for a lock that is not.
     */
    public String heldTooLongWarning(LockZnode lock) {
        if (!isHeldTooLong(lock)) {
            return "";
        }
        return lock.name() + " held " + heldFor(lock) + " by " + lock.owner() + ", longer than "
                + seconds(heldTooLong) + ": a hung holder? While its session lives it keeps the lock; Lab 08's"
                + " break-glass reopens the seat without waiting on it.";
    }

    /** How many wait in the queue behind {@code lock}'s holder ({@code A1 #2}, {@code A1 #3} ...); 0 for a waiter. */
    public int waitingInLine(LockZnode lock) {
        if (lock.isWaiter()) {
            return 0;
        }
        String place = lock.name() + LockZnode.QUEUE_PLACE;
        return (int) locks.stream().filter(other -> other.name().startsWith(place)).count();
    }

    /** A lock's fencing token as the views write it, its creation zxid in hexadecimal: {@code 0x2f}. */
    public static String fence(LockZnode lock) {
        return "0x" + Long.toHexString(lock.czxid());
    }

    private long ageMillis(LockZnode lock) {
        return Math.max(0, takenAtMillis - lock.createdMillis());
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** A session id as ZooKeeper's tools write it: {@code 0x1000a2b3c0000}. */
    public static String sessionName(long sessionId) {
        return "0x" + Long.toHexString(sessionId);
    }

    /** A session timeout as the views write it: {@code 4,000 ms}, or {@code ?}. */
    public static String timeout(LockZnode lock) {
        return lock.sessionTimeoutMillis() == UNKNOWN ? "?"
                : String.format(Locale.ROOT, "%,d ms", lock.sessionTimeoutMillis());
    }

    @Override
    public Board board() {
        List<Board.Card> cards = locks.stream().map(lock -> new Board.Card(lock.name(), lock.owner(), facts(lock),
                Board.Waiters.counted("watching", lock.watchers()), warning(lock)))
                .toList();
        List<Board.Event> lines = changes.stream()
                .map(change -> new Board.Event(TimeOfDay.of(change.atMillis()), change.kind(), change.text())).toList();
        return new Board(source(), takenAtMillis, problem, "No lock is held.", cards,
                "Recent changes (seen between looks)", lines);
    }

    private List<Board.Fact> facts(LockZnode lock) {
        List<Board.Fact> facts = new ArrayList<>(List.of(
                new Board.Fact("session", lock.isEphemeral() ? sessionName(lock.sessionId()) : "none: PERSISTENT"),
                new Board.Fact("session timeout", timeout(lock)),
                new Board.Fact(lock.isWaiter() ? "waiting for" : "held for", heldFor(lock)),
                new Board.Fact("czxid", fence(lock))));
        if (!lock.isWaiter()) {
            facts.add(new Board.Fact("in line", String.valueOf(waitingInLine(lock))));
        }
        return facts;
    }

    /** The card's warning: a lock that outlives its holder's session, or one held too long. */
    private String warning(LockZnode lock) {
        if (!lock.isEphemeral()) {
            return "A persistent znode: it stays when its holder's session ends, so a crashed holder keeps the lock"
                    + " for ever.";
        }
        return heldTooLongWarning(lock);
    }
}
