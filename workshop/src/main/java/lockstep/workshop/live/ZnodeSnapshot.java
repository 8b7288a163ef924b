package lockstep.workshop.live;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One look at the lock znodes of a ZooKeeper lab: for each lock, the owner written in its data, the session that owns
 * the ephemeral znode, that session's timeout, how long it has been held, its creation zxid, and how many other
 * sessions watch it (the waiters, in Lab 03); then the changes seen between looks.
 *
 * @param connectString the ZooKeeper looked at
 * @param lockRoot      the folder of the lab's locks, for example {@code /lockstep/locks}
 * @param takenAtMillis when, on this machine's wall clock
 * @param problem       why this look shows no locks (no ZooKeeper answers, or it refused), as one sentence; empty
 *                      when it answered
 * @param locks         the lock znodes, sorted by name
 * @param changes       the last changes seen between looks, oldest first
 */
public record ZnodeSnapshot(String connectString, String lockRoot, long takenAtMillis, String problem,
                            List<LockZnode> locks, List<Change> changes) implements LiveSnapshot {

    /** A session timeout or a count of watchers that ZooKeeper would not tell. */
    public static final int UNKNOWN = -1;

    public ZnodeSnapshot {
        Objects.requireNonNull(connectString, "connectString");
        Objects.requireNonNull(lockRoot, "lockRoot");
        Objects.requireNonNull(problem, "problem");
        locks = List.copyOf(locks);
        changes = List.copyOf(changes);
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
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, takenAtMillis - lock.createdMillis()) / 1000.0);
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
        List<Board.Card> cards = locks.stream().map(lock -> new Board.Card(lock.name(), lock.owner(), List.of(
                        new Board.Fact("session", lock.isEphemeral() ? sessionName(lock.sessionId()) : "none: PERSISTENT"),
                        new Board.Fact("session timeout", timeout(lock)),
                        new Board.Fact(lock.isWaiter() ? "waiting for" : "held for", heldFor(lock)),
                        new Board.Fact("czxid", "0x" + Long.toHexString(lock.czxid()))),
                Board.Waiters.counted("watching", lock.watchers()),
                lock.isEphemeral() ? "" : "A persistent znode: it stays when its holder's session ends, so a crashed"
                        + " holder keeps the lock for ever."))
                .toList();
        List<Board.Event> lines = changes.stream()
                .map(change -> new Board.Event(TimeOfDay.of(change.atMillis()), change.kind(), change.text())).toList();
        return new Board(source(), takenAtMillis, problem, "No lock is held.", cards,
                "Recent changes (seen between looks)", lines);
    }
}
