package lockstep.workshop.lockserver.table;

/**
 * What the lock table decided about one request. A change ({@link Granted}, {@link Renewed}, {@link Released}) carries
 * the position of its log record: the answer may be sent only once that position is durable.
 */
public sealed interface Outcome {

    /** The lock is the caller's now. */
    record Granted(Lease lease, long logPosition) implements Outcome {
    }

    /** The caller's lease got a new expiry. */
    record Renewed(Lease lease, long logPosition) implements Outcome {
    }

    /** The caller's lock is gone; {@code former} is the lease it had. */
    record Released(Lease former, long logPosition) implements Outcome {
    }

    /** Someone else holds the lock (or held it for the caller's whole wait). */
    record Denied(Lease holder, long holderMillisLeft, boolean waitTimedOut) implements Outcome {
    }

    /**
     * The caller does not hold the lock it tried to renew, release or expire.
     *
     * @param reason {@code no_lock} (nobody holds it: released or expired) or {@code held_by_other} (someone holds it
     *               under another holder token or owner name)
     */
    record NotHeld(String reason, String detail) implements Outcome {
    }

    /** The lock is free but the server already keeps its maximum number of locks. */
    record TooManyLocks(int limit) implements Outcome {
    }
}
