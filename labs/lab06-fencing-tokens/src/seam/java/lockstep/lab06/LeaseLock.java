package lockstep.lab06;

import java.time.Duration;
import java.util.OptionalLong;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.ExplainsDenial;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.LockServerException;
import lockstep.workshop.lockserver.client.RenewOutcome;

/**
 * A lease on Lab 02's lock server as the toolkit's lock, with the fencing token of its grant: taken in one request
 * with its TTL, released with its holder token. It does not renew: a sale here takes tens of milliseconds of a
 * 2-second lease (renewing is Lab 02's subject). {@link #isHeld()} counts the lease on this machine's clock from the
 * last request the server answered, so a holder frozen past its TTL knows as soon as it asks; a holder frozen after it
 * asked does not, and that is what the token is for.
 */
final class LeaseLock implements DistributedLock, ExplainsDenial {

    /** How long the lock server keeps the lock without hearing from its holder, as in Lab 02. */
    static final Duration TTL = Duration.ofSeconds(2);

    private final LockServerClient locks;
    private final String name;
    private final String owner;
    private volatile Grant grant;
    private volatile String whyDenied;

    LeaseLock(LockServerClient locks, String name, String owner) {
        this.locks = locks;
        this.name = name;
        this.owner = owner;
    }

    @Override
    public boolean acquire(Duration maxWait) {
        AcquireOutcome outcome = locks.acquire(name, owner, TTL, maxWait);
        if (!(outcome instanceof AcquireOutcome.Granted granted)) {
            AcquireOutcome.Denied denied = (AcquireOutcome.Denied) outcome;
            whyDenied = denied.holder() == null ? name + " was not handed over within " + maxWait.toMillis() + " ms"
                    : name + " is locked by " + denied.holder();
            return false;
        }
        grant = granted.grant();
        if (grant.validityLeft().compareTo(TTL.dividedBy(2)) < 0) {
            // A grant after a wait in the queue: its lease began at a moment our clock cannot know. A renewal now
            // starts one whose beginning we know.
            renewOnce();
        }
        return true;
    }

    @Override
    public boolean isHeld() {
        Grant current = grant;
        return current != null && current.validityLeft().compareTo(Duration.ZERO) > 0;
    }

    @Override
    public void release() {
        Grant current = grant;
        if (current == null) {
            return;
        }
        try {
            locks.release(current);
        } catch (LockServerException e) {
            // No answer: the lease ends by itself when its TTL runs out.
        }
    }

    @Override
    public OptionalLong fencingToken() {
        Grant current = grant;
        return current == null ? OptionalLong.empty() : FencingTokens.ofGrant(current);
    }

    @Override
    public String whyDenied() {
        return whyDenied;
    }

    private void renewOnce() {
        try {
            if (locks.renew(grant) instanceof RenewOutcome.Renewed renewed) {
                grant = renewed.grant();
            }
        } catch (LockServerException e) {
            // No answer: isHeld() stops trusting the lease once its TTL has passed on our clock.
        }
    }
}
