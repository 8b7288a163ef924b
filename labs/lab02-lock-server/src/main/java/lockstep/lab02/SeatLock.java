package lockstep.lab02;

import java.time.Duration;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.LockServerClient;

/**
 * One buyer's lock on one seat, held at the lock server while the toolkit checks the seat, charges the
 * card and confirms the sale. This is the file you work on.
 *
 * <p>What it must guarantee when you are done: the lock is taken in one request together with its TTL, so a crash
 * can never leave it without an end; while it is held, it is renewed well before the TTL runs out, so work longer
 * than the TTL keeps it; {@link #isHeld()} turns false as soon as a renewal is refused; renewing and releasing use
 * the holder token of this grant, never the owner name, which every buyer of a node shares. Use each instance for
 * one acquire, balanced by one {@link #release()}.
 */
public final class SeatLock {

    /** How long the lock server keeps the lock without hearing from its holder. */
    static final Duration TTL = Duration.ofSeconds(2);

    private final LockServerClient locks;
    private final String name;
    private final String owner;
    private Grant grant;

    /**
     * @param locks  the lock server, as seen by this buyer
     * @param name   the lock's name, for example {@code seat-A1}
     * @param owner  the owner name the server shows: the node's name, the same for every buyer of the node
     */
    public SeatLock(LockServerClient locks, String name, String owner) {
        this.locks = locks;
        this.name = name;
        this.owner = owner;
    }

    /**
     * Takes the lock, waiting up to {@code maxWait} in the lock server's queue while someone else holds it.
     *
     * @return granted, or denied with the holder's name when the lock did not come within {@code maxWait}
     */
    public AcquireOutcome acquire(Duration maxWait) {
        // TODO(lab02): Task 1. This takes the lock in two requests: setnx sets it with no expiry at all, and only
        //  then does expire give it a TTL. A node that crashes between the two leaves seat A1 locked for ever.
        //  And setnx cannot wait, so every buyer who finds the lock taken is turned away at once.
        //  What must hold: the lock and its TTL are set by one request, so that no crash can leave the lock without
        //  an end; and a buyer who finds the lock taken waits for it at the lock server, up to maxWait, asking once.
        AcquireOutcome outcome = locks.setnx(name, owner);
        if (outcome instanceof AcquireOutcome.Granted granted) {
            grant = granted.grant();
            locks.expire(name, owner, TTL);
            // TODO(lab02): Task 3. Nothing renews the lock, so a payment that takes longer than the TTL loses it
            //  half way, and the next buyer gets the seat too.
            //  What must hold: while this buyer holds the lock, every renewal reaches the server well before the
            //  lease runs out, even if the one before it came late (renewing only once per TTL is always too late);
            //  each renewal uses this buyer's own grant, and the grant it answers is the one to trust from then on.
        }
        return outcome;
    }

    /** Whether the lock is still ours, as far as this client knows; the toolkit asks before every step it cannot undo. */
    public boolean isHeld() {
        // TODO(lab02): Task 4. This never changes its mind. Once a renewal is refused, the lease is over and someone
        //  else may hold the lock already.
        //  What must hold: from the first refused renewal on, this answers false, so the toolkit confirms nothing.
        return grant != null;
    }

    /** Lets go of the lock, and stops renewing it. */
    public void release() {
        // TODO(lab02): Task 2. Releasing by owner name frees whatever lock is held under that name, and every
        //  buyer of this node has the same one. If our lease ran out and another buyer of this node took the lock,
        //  this frees theirs.
        //  What must hold: a release can end only the lease of our own grant. Asking first whether the lock is still
        //  ours does not help: the lease can end between the answer and the release.
        //  Task 3: once the release has begun, no renewal of this lock may start, now or later.
        if (grant != null) {
            locks.releaseByOwner(name, owner);
        }
    }
}
