package lockstep.workshop.lockserver.client;

import java.time.Duration;
import java.util.Objects;

/**
 * A lock this client was granted: the proof to renew or release it, and the number to show the protected resource.
 *
 * <p>Pass {@link #fencingToken()} with every write to the protected resource, and have the resource refuse a token
 * lower than one it has seen: that, and not "checking whether I still hold the lock", is what keeps a holder whose
 * lease ran out (a long GC pause, a frozen VM) from doing damage. Keep {@link #holderToken()} secret: whoever has it
 * can renew and release this lock.
 *
 * <p>{@link #validityLeft()} is measured on this machine from the moment the request was sent, not from when the
 * answer arrived: the server may have started the lease's clock any time in between, so this is the safe side.
 *
 * @param resource           the locked resource
 * @param owner              the owner name given when acquiring
 * @param fencingToken       larger than the token of every earlier grant of this server
 * @param holderToken        the secret that renews and releases this lock (32 hex digits)
 * @param ttl                the lease's length, or {@link Duration#ZERO} for a {@code setnx} lock that never expires
 * @param expiresAtMillis    the expiry on the server's clock, or {@link #NEVER}
 * @param requestSentAtNanos {@link System#nanoTime()} when the granting (or last renewing) request was sent
 */
public record Grant(String resource, String owner, long fencingToken, String holderToken, Duration ttl,
                    long expiresAtMillis, long requestSentAtNanos) {

    /** The expiry of a lock that has none. */
    public static final long NEVER = Long.MAX_VALUE;

    public Grant {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(holderToken, "holderToken");
        Objects.requireNonNull(ttl, "ttl");
    }

    /** False for a {@code setnx} lock, which stays until someone releases it. */
    public boolean expires() {
        return expiresAtMillis != NEVER;
    }

    /**
     * How much of the lease is left by this machine's clock, counted from when the request was sent; zero or
     * negative once it has run out. Start no protected work when this is less than the work needs.
     */
    public Duration validityLeft() {
        if (!expires()) {
            return Duration.ofMillis(Long.MAX_VALUE);
        }
        return ttl.minusNanos(System.nanoTime() - requestSentAtNanos);
    }

    /** Leaves the holder token out, so a grant can be logged without giving it away. */
    @Override
    public String toString() {
        return "Grant[" + resource + " for " + owner + ", fencing token " + fencingToken
                + (expires() ? ", TTL " + ttl.toMillis() + " ms" : ", no expiry") + "]";
    }
}
