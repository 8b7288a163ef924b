package lockstep.workshop.lockserver.client;

import java.util.Optional;

/** What an acquire (or a {@code setnx}) got: the lock, or the name of whoever has it. */
public sealed interface AcquireOutcome permits AcquireOutcome.Granted, AcquireOutcome.Denied {

    /** The lock is yours; {@link Grant} has the tokens. */
    record Granted(Grant grant) implements AcquireOutcome {
    }

    /**
     * Someone else holds the lock.
     *
     * @param resource          the lock asked for
     * @param holder            the owner name of the holder, or {@code null} when the server did not say
     * @param reason            whether it was held at once, or through the whole wait
     * @param holderMillisLeft  the holder's time left when the server answered, or {@link HeldLock#NEVER}
     */
    record Denied(String resource, String holder, Reason reason, long holderMillisLeft) implements AcquireOutcome {
    }

    /** Why a {@link Denied} acquire was denied. */
    enum Reason {
        /** Another holder had a live lock, and the request did not wait. */
        LOCKED_BY_OTHER,
        /** The request waited for its whole {@code maxWait} and the lock was not handed over. */
        WAIT_TIMED_OUT
    }

    /** True for {@link Granted}. */
    default boolean isGranted() {
        return this instanceof Granted;
    }

    /** The grant, if this outcome is one. */
    default Optional<Grant> grantIfAny() {
        return this instanceof Granted ? Optional.of(((Granted) this).grant()) : Optional.empty();
    }
}
