package lockstep.workshop.lockserver.client;

/**
 * The caller does not hold the lock it tried to renew, release or expire: it was released, its TTL ran out (an
 * expired lease cannot be renewed back to life), or someone else holds it now. A holder that gets this while it works
 * must stop: its lease is over.
 *
 * @param resource the lock
 * @param reason   {@code no_lock} (nobody holds it) or {@code held_by_other} (someone else does)
 * @param detail   the server's explanation, for a person
 */
public record NotHeld(String resource, String reason, String detail) implements RenewOutcome, ReleaseOutcome {
}
