package lockstep.workshop.lockserver.table;

import java.util.Objects;
import lockstep.workshop.lockserver.client.HeldLock;

/**
 * One live lock as the server keeps it: who holds it, under which fencing and holder tokens, and until when.
 *
 * <p>The expiry is an absolute wall-clock instant, so it survives a restart unchanged: the time a server was down
 * counts against the lease, just as it does on the holder's own watch. {@link #NEVER} marks a lock taken with
 * {@code setnx} and never given a TTL, the two-step mistake the lab teaches.
 */
public record Lease(String resource, String owner, long fencingToken, String holderToken, long expiresAtMillis) {

    /** The expiry of a lock that has none: it stays until someone releases it. */
    public static final long NEVER = Long.MAX_VALUE;

    public Lease {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(holderToken, "holderToken");
        if (fencingToken < 1) {
            throw new IllegalArgumentException("fencing tokens start at 1, was " + fencingToken + " for " + resource);
        }
    }

    /** False for a lock taken with {@code setnx} and never given a TTL. */
    public boolean expires() {
        return expiresAtMillis != NEVER;
    }

    /** Milliseconds left at {@code nowMillis}, never negative; {@link #NEVER} for a lock without expiry. */
    long millisLeftAt(long nowMillis) {
        return expires() ? Math.max(0, expiresAtMillis - nowMillis) : NEVER;
    }

    /** The same lease with another expiry: what a renewal makes (and what the log's recovery replays). */
    public Lease withExpiry(long newExpiresAtMillis) {
        return new Lease(resource, owner, fencingToken, holderToken, newExpiresAtMillis);
    }

    HeldLock view(long nowMillis, int waiting) {
        return new HeldLock(resource, owner, fencingToken, expiresAtMillis, millisLeftAt(nowMillis), waiting);
    }

    /** Leaves the holder token out: it is a secret, and records end up in logs and test reports. */
    @Override
    public String toString() {
        return "Lease[" + resource + " held by " + owner + ", fencing token " + fencingToken
                + (expires() ? ", expires at " + expiresAtMillis : ", never expires") + "]";
    }
}
