package lockstep.workshop.lock;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * One buyer's lock on one seat, held in a lock service that every node shares: the contract every
 * lock lab's lock meets, shaped like Curator's {@code InterProcessLock}.
 *
 * <p>One instance is one attempt: {@link #acquire} once, then {@link #release()} once, whatever
 * {@code acquire} returned. While the lock is held, the toolkit's guarded sale asks
 * {@link #isHeld()} before every step it cannot undo (the charge, the confirmation).
 *
 * <p>What no lock of this kind can promise: that a holder who stops for longer than its lease (a
 * TTL, a session) still holds the lock when it wakes up. {@code isHeld()} says what this client
 * knows; only the resource can refuse a stale holder, with a {@link #fencingToken()} (Lab 06).
 */
public interface DistributedLock {

    /**
     * Takes the lock, waiting at most {@code maxWait} while someone else holds it; zero means ask
     * once. Must be balanced by {@link #release()}.
     *
     * @return true when this attempt holds the lock; false when {@code maxWait} ran out first, and
     *         then the attempt leaves nothing behind in the lock service
     * @throws Exception when the lock service could not decide: it cannot be reached, or this
     *         client's session or lease ended while it waited
     */
    boolean acquire(Duration maxWait) throws Exception;

    /**
     * Whether the lock is still ours, as far as this client can tell. False from the first sign
     * that it may be gone (a refused renewal, a dropped connection, an expired session), and from
     * then on.
     */
    boolean isHeld();

    /**
     * Lets the lock go, so the next buyer can have it. Safe to call when {@link #acquire} returned
     * false or threw, and when the lock is already lost; it never ends another holder's lock.
     */
    void release() throws Exception;

    /**
     * The fencing token of this grant: a number that grows with every grant of this lock, which a
     * resource can use to refuse the writes of a holder whose lock was given to someone else since.
     * Empty when this lock gives none (every lab before Lab 06).
     */
    default OptionalLong fencingToken() {
        return OptionalLong.empty();
    }
}
