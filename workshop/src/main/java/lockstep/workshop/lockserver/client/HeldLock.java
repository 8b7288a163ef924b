package lockstep.workshop.lockserver.client;

/**
 * One live lock as the {@code GET /v1/locks} view shows it, for a terminal visualizer or a grader: who holds it, its
 * fencing token, and how long it has left. The holder token is never shown.
 *
 * @param resource        the locked resource
 * @param owner           the owner name the holder gave (a label, not a proof of anything)
 * @param fencingToken    the token of this grant; later grants of any lock get larger ones
 * @param expiresAtMillis the server's wall-clock expiry, or {@link #NEVER} for a {@code setnx} lock without a TTL
 * @param expiresInMillis the time left when the view was taken, or {@link #NEVER}
 * @param waiting         how many waiting acquires are queued behind this lock
 */
public record HeldLock(String resource, String owner, long fencingToken, long expiresAtMillis, long expiresInMillis,
                       int waiting) {

    /** The expiry (and time left) of a lock taken with {@code setnx} and never given a TTL. */
    public static final long NEVER = Long.MAX_VALUE;

    /** False for a lock that stays until someone releases it: the crash-between-setnx-and-expire lesson. */
    public boolean expires() {
        return expiresAtMillis != NEVER;
    }
}
