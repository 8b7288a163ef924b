package lockstep.workshop.lockserver;

import java.util.Locale;

/**
 * The named points in a {@link LockServerClient} call where a {@link LockClientListener} is told what happens, so
 * that a fault injector can pause or kill the process exactly there.
 *
 * <p>Each operation has three kinds of points: {@code before-…} (nothing sent yet), {@code …-sent} (the request is
 * on the wire, its answer not read: the server may already have acted on it), and one point per answer. The lab's
 * classic crash is {@link #SETNX_GRANTED}: the lock is set, its expiry not yet, and the process dies.
 */
public enum LockClientStep {
    BEFORE_ACQUIRE, ACQUIRE_SENT, ACQUIRE_GRANTED, ACQUIRE_DENIED,
    BEFORE_RENEW, RENEW_SENT, RENEWED, RENEW_NOT_HELD,
    BEFORE_RELEASE, RELEASE_SENT, RELEASED, RELEASE_NOT_HELD,
    BEFORE_SETNX, SETNX_SENT, SETNX_GRANTED, SETNX_DENIED,
    BEFORE_EXPIRE, EXPIRE_SENT, EXPIRE_SET, EXPIRE_NOT_HELD,
    BEFORE_RELEASE_BY_OWNER, RELEASE_BY_OWNER_SENT, RELEASED_BY_OWNER, RELEASE_BY_OWNER_NOT_HELD;

    /** The name used on command lines and in reports, for example {@code setnx-granted}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
