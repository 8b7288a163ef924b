package lockstep.lab02;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.LockServerException;
import lockstep.workshop.lockserver.client.RenewOutcome;

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

    /** Three renewals per TTL: two of them may fail or come late before the lease is in danger. */
    private static final Duration RENEW_EVERY = TTL.dividedBy(3);

    private final LockServerClient locks;
    private final String name;
    private final String owner;
    private volatile Grant grant;
    private volatile boolean lost;
    private ScheduledExecutorService watchdog;

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
        // One request for the lock and its TTL together: however the node dies, the lease ends. The server queues
        // us while the lock is taken and hands it over the moment it is free, so nobody asks again and again.
        AcquireOutcome outcome = locks.acquire(name, owner, TTL, maxWait);
        if (outcome instanceof AcquireOutcome.Granted granted) {
            grant = granted.grant();
            startRenewing();
            if (grant.validityLeft().compareTo(TTL.dividedBy(2)) < 0) {
                // We waited in the queue, and the lease may have started at any moment of that wait: our own clock
                // cannot tell how much of it is left. One renewal now starts a lease whose start we know.
                renewOnce();
            }
        }
        return outcome;
    }

    /** Whether the lock is still ours, as far as this client knows; the toolkit asks before every step it cannot undo. */
    public boolean isHeld() {
        Grant current = grant;
        // Gone for good once a renewal was refused. And even before any answer says so, a lease whose TTL has passed
        // on our own clock since our last successful request (a frozen process, a server that does not answer) may
        // belong to someone else by now.
        return current != null && !lost && current.validityLeft().compareTo(Duration.ZERO) > 0;
    }

    /** Lets go of the lock, and stops renewing it. */
    public void release() {
        stopRenewing();
        awaitTheLastRenewal();
        Grant current = grant;
        if (current == null) {
            return;
        }
        try {
            // By holder token: only the lease this grant stands for is released. If it ran out already, the server
            // answers NotHeld and whoever holds the lock now keeps it.
            locks.release(current);
        } catch (LockServerException e) {
            // The server did not answer (restarting, unreachable): the lease ends by itself when its TTL runs out.
        }
    }

    private void startRenewing() {
        watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "renew-" + name + "-" + owner);
            thread.setDaemon(true);
            return thread;
        });
        long every = RENEW_EVERY.toMillis();
        watchdog.scheduleWithFixedDelay(this::renewOnce, every, every, TimeUnit.MILLISECONDS);
    }

    private void renewOnce() {
        try {
            // MISTAKE: renewing by owner name. Once our lease has run out and another buyer of this node holds the
            // lock under the same name, this renews their lock, and we carry on as if it were ours.
            RenewOutcome outcome = locks.expire(name, owner, TTL);
            if (outcome instanceof RenewOutcome.Renewed renewed) {
                Grant current = grant;
                grant = new Grant(name, owner, current.fencingToken(), current.holderToken(), TTL,
                        renewed.grant().expiresAtMillis(), renewed.grant().requestSentAtNanos());
            } else {
                // The lease is over (it ran out, or the lock was released): it cannot be renewed back to life.
                lost = true;
                stopRenewing();
            }
        } catch (LockServerException e) {
            // No answer this time (a restarting server, a broken connection): try again at the next tick. isHeld()
            // stops trusting the lease once its TTL has passed without a successful renewal.
        }
    }

    /** Cancels the renewals still to come; one already on its way finishes. */
    private void stopRenewing() {
        if (watchdog != null) {
            watchdog.shutdown();
        }
    }

    /**
     * Lets a renewal already on its way finish before we release, so that it cannot land after the release. If the
     * server does not answer it soon, we release anyway: a late renewal of a released lease is refused.
     */
    private void awaitTheLastRenewal() {
        if (watchdog == null) {
            return;
        }
        try {
            watchdog.awaitTermination(RENEW_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
