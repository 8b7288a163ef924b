package lockstep.workshop.lockserver.client;

import java.util.Locale;

/**
 * The named points in a {@link LockServerClient} call where a {@link LockClientListener} is told what happens, so
 * that a fault injector can pause or kill the process exactly there.
 *
 * <p>Each operation has a {@code before-…} point (nothing sent yet) and one point per answer. The lab's classic crash
 * is {@link #SETNX_GRANTED}: the lock is set, its expiry not yet, and the process dies.
 */
public enum LockClientStep {
    BEFORE_ACQUIRE, ACQUIRE_GRANTED, ACQUIRE_DENIED,
    BEFORE_RENEW, RENEWED, RENEW_NOT_HELD,
    BEFORE_RELEASE, RELEASED, RELEASE_NOT_HELD,
    BEFORE_SETNX, SETNX_GRANTED, SETNX_DENIED,
    BEFORE_EXPIRE, EXPIRE_SET, EXPIRE_NOT_HELD,
    BEFORE_RELEASE_BY_OWNER, RELEASED_BY_OWNER, RELEASE_BY_OWNER_NOT_HELD;

    /** The name used on command lines and in reports, for example {@code setnx-granted}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
