package lockstep.workshop.lockserver.table;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.LongConsumer;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockEvent;

/**
 * The lock server's algorithm: which lock is held by whom until when, who waits for it, and the rules that change
 * that. Everything else in the server is plumbing around this class.
 *
 * <p><b>Guarantees.</b> At most one live lease per resource, judged by this server's {@link LockClock}. A lease ends
 * when its holder releases it or when the clock passes its expiry, whichever comes first; an expired lease is never
 * renewed back to life. Every grant gets a fencing token larger than every token handed out before, for any
 * resource, also before a restart (one server-wide counter, like ZooKeeper's zxid). Waiting acquires of one resource
 * are served first come, first served: a freed lock is handed straight to the oldest waiter, so a newcomer cannot
 * overtake the queue.
 *
 * <p><b>Durability.</b> A change is appended to the {@link TableLog} (the write-ahead log) before it is applied here,
 * so a change the log refuses never happens. Its {@link Outcome} carries the log position the caller must await
 * before answering.
 *
 * <p><b>Time.</b> Expiry is lazy and eager at once: every operation first expires what is due, and the
 * {@link ExpiryTimer} calls {@link #expireDue()} at the next deadline so that waiters are served and {@code expired}
 * events appear even when nobody asks.
 *
 * <p>Thread-safe: one monitor guards everything. Operations take microseconds; the slow part, the fsync, happens
 * outside it.
 */
public final class LockTable {

    private final LockClock clock;
    private final TableLog log;
    private final RecentEvents events;
    private final int maxLocks;
    private final HolderTokens holderTokens = new HolderTokens();

    private final Map<String, Lease> leases = new HashMap<>();
    private final Map<String, ArrayDeque<Waiter>> queues = new HashMap<>();
    private final TreeSet<Expiry> expiries = new TreeSet<>(Expiry.ORDER);
    private final TreeSet<Waiter> waitDeadlines = new TreeSet<>(Waiter.BY_DEADLINE);
    private long lastFencingToken;
    private long arrivals;
    private LongConsumer deadlineAdded = deadline -> { };

    /**
     * A table that starts from what the log held: {@code recovered} leases and the last fencing token ever handed
     * out (0 for a new server). Leases whose time has run out go at the first operation, with an {@code expired} event.
     */
    public LockTable(LockClock clock, TableLog log, RecentEvents events, int maxLocks, long lastFencingToken,
                     Collection<Lease> recovered) {
        this.clock = clock;
        this.log = log;
        this.events = events;
        this.maxLocks = maxLocks;
        this.lastFencingToken = lastFencingToken;
        for (Lease lease : recovered) {
            leases.put(lease.resource(), lease);
            if (lease.expires()) {
                expiries.add(new Expiry(lease.expiresAtMillis(), lease.resource()));
            }
        }
    }

    /** Tells {@code listener} of every new deadline, so a sleeping timer can wake earlier. Set once, before use. */
    synchronized void onDeadlineAdded(LongConsumer listener) {
        this.deadlineAdded = listener;
    }

    // ---- the holder-token API -------------------------------------------------------------------------------------

    /** Grants the lock for {@code ttlMillis} if nobody holds it; never waits. */
    public synchronized Outcome acquire(String resource, String owner, long ttlMillis) {
        long now = expireDue();
        Lease holder = leases.get(resource);
        if (holder != null) {
            return deny(resource, owner, holder, now, false);
        }
        return grant(resource, owner, now + ttlMillis, now, "TTL " + ttlMillis + " ms");
    }

    /**
     * Grants the lock now if it is free, otherwise queues the caller for up to {@code waitMillis}. The answer comes
     * through {@link Waiter#answer()}; a caller that stops waiting must call {@link #abandon}.
     */
    public synchronized Waiter acquireOrQueue(String resource, String owner, long ttlMillis, long waitMillis) {
        long now = expireDue();
        Waiter waiter = new Waiter(resource, owner, ttlMillis, now + waitMillis, ++arrivals);
        Lease holder = leases.get(resource);
        if (holder == null) {
            waiter.answer().complete(grant(resource, owner, now + ttlMillis, now, "TTL " + ttlMillis + " ms"));
        } else if (waitMillis == 0) {
            waiter.answer().complete(deny(resource, owner, holder, now, false));
        } else {
            queues.computeIfAbsent(resource, key -> new ArrayDeque<>()).addLast(waiter);
            waitDeadlines.add(waiter);
            deadlineAdded.accept(waiter.deadlineMillis);
        }
        return waiter;
    }

    /**
     * Takes a waiter that gave up (its client went away) out of the queue; if the lock was handed to it in the
     * meantime, releases that lock again so the next waiter does not wait a whole TTL for a client that is gone.
     */
    public synchronized void abandon(Waiter waiter) {
        if (waiter.answer().complete(new Outcome.NotHeld("abandoned", "the client stopped waiting"))) {
            ArrayDeque<Waiter> queue = queues.get(waiter.resource);
            if (queue != null) {
                queue.remove(waiter);
                if (queue.isEmpty()) {
                    queues.remove(waiter.resource);
                }
            }
            waitDeadlines.remove(waiter);
            return;
        }
        if (waiter.answer().isCompletedExceptionally()) {
            return;
        }
        Outcome answered = waiter.answer().join();
        if (answered instanceof Outcome.Granted) {
            Lease granted = ((Outcome.Granted) answered).lease();
            Lease current = leases.get(granted.resource());
            if (current != null && current.fencingToken() == granted.fencingToken()) {
                remove(current, expireDue(), "the waiting client went away before it heard of its grant");
            }
        }
    }

    public synchronized Outcome renew(String resource, String holderToken, long ttlMillis) {
        long now = expireDue();
        Lease holder = leases.get(resource);
        if (holder == null || !HolderTokens.same(holder.holderToken(), holderToken)) {
            return notHeldByToken(resource, holder);
        }
        return extend(holder, now + ttlMillis, now, "TTL " + ttlMillis + " ms from now");
    }

    public synchronized Outcome release(String resource, String holderToken) {
        long now = expireDue();
        Lease holder = leases.get(resource);
        if (holder == null || !HolderTokens.same(holder.holderToken(), holderToken)) {
            return notHeldByToken(resource, holder);
        }
        return remove(holder, now, "by its holder token");
    }

    // ---- the two-step primitives, unsafe on purpose -----------------------------------------------------------------

    /** Grants a lock that never expires if nobody holds it: step one of the classic mistake. */
    public synchronized Outcome setIfAbsent(String resource, String owner) {
        long now = expireDue();
        Lease holder = leases.get(resource);
        if (holder != null) {
            return deny(resource, owner, holder, now, false);
        }
        return grant(resource, owner, Lease.NEVER, now, "via setnx, no expiry");
    }

    /** Gives the lock a TTL if {@code owner} holds it: step two, which a crash can stop from ever happening. */
    public synchronized Outcome expire(String resource, String owner, long ttlMillis) {
        long now = expireDue();
        Lease holder = leases.get(resource);
        if (holder == null || !holder.owner().equals(owner)) {
            return notHeldByOwner(resource, owner, holder);
        }
        return extend(holder, now + ttlMillis, now, "via expire");
    }

    // ---- the original workshop API, by owner name ----------------------------------------------------------------

    /** Grants the lock, or extends it when {@code owner} already holds it, as the original workshop server did. */
    public synchronized Outcome acquireOrExtendByOwner(String resource, String owner, long ttlMillis) {
        long now = expireDue();
        Lease holder = leases.get(resource);
        if (holder == null) {
            return grant(resource, owner, now + ttlMillis, now, "via the original API");
        }
        if (holder.owner().equals(owner)) {
            return extend(holder, now + ttlMillis, now, "via the original API");
        }
        return deny(resource, owner, holder, now, false);
    }

    /** Releases the lock if it is held under {@code owner}'s name: anyone who knows the name can do this. */
    public synchronized Outcome releaseByOwner(String resource, String owner) {
        long now = expireDue();
        Lease holder = leases.get(resource);
        if (holder == null || !holder.owner().equals(owner)) {
            return notHeldByOwner(resource, owner, holder);
        }
        return remove(holder, now, "by owner name, via the original API");
    }

    // ---- views ---------------------------------------------------------------------------------------------------

    /** Every live lock, sorted by resource name. */
    public synchronized List<HeldLock> heldLocks() {
        long now = expireDue();
        List<HeldLock> held = new ArrayList<>(leases.size());
        for (Lease lease : leases.values()) {
            ArrayDeque<Waiter> queue = queues.get(lease.resource());
            held.add(lease.view(now, queue == null ? 0 : queue.size()));
        }
        held.sort(Comparator.comparing(HeldLock::resource));
        return held;
    }

    public synchronized long nowMillis() {
        return clock.currentTimeMillis();
    }

    // ---- the algorithm -------------------------------------------------------------------------------------------

    /**
     * Ends every lease whose time has come and every wait whose deadline has passed, handing freed locks to their
     * queues.
     *
     * @return the clock reading used
     */
    public synchronized long expireDue() {
        long now = clock.currentTimeMillis();
        while (!expiries.isEmpty() && expiries.first().atMillis() <= now) {
            Expiry due = expiries.pollFirst();
            Lease lease = leases.remove(due.resource());
            events.record(now, LockEvent.Type.EXPIRED, lease.resource(), lease.owner(), lease.fencingToken(),
                    "its TTL ran out without a renewal");
            handOff(lease.resource(), now);
        }
        while (!waitDeadlines.isEmpty() && waitDeadlines.first().deadlineMillis <= now) {
            Waiter waiter = waitDeadlines.pollFirst();
            ArrayDeque<Waiter> queue = queues.get(waiter.resource);
            queue.remove(waiter);
            if (queue.isEmpty()) {
                queues.remove(waiter.resource);
            }
            waiter.answer().complete(deny(waiter.resource, waiter.owner, leases.get(waiter.resource), now, true));
        }
        return now;
    }

    /** The earliest expiry or wait deadline still ahead, or {@link Long#MAX_VALUE} when there is none. */
    synchronized long nextDeadline() {
        long next = Long.MAX_VALUE;
        if (!expiries.isEmpty()) {
            next = expiries.first().atMillis();
        }
        if (!waitDeadlines.isEmpty()) {
            next = Math.min(next, waitDeadlines.first().deadlineMillis);
        }
        return next;
    }

    private Outcome grant(String resource, String owner, long expiresAtMillis, long now, String how) {
        if (leases.size() >= maxLocks) {
            return new Outcome.TooManyLocks(maxLocks);
        }
        Lease lease = new Lease(resource, owner, lastFencingToken + 1, holderTokens.next(), expiresAtMillis);
        long position = log.append(new LogRecord.Granted(lease));
        lastFencingToken = lease.fencingToken();
        leases.put(resource, lease);
        if (lease.expires()) {
            expiries.add(new Expiry(expiresAtMillis, resource));
            deadlineAdded.accept(expiresAtMillis);
        }
        events.record(now, LockEvent.Type.GRANTED, resource, owner, lease.fencingToken(), how);
        checkpointIfDue();
        return new Outcome.Granted(lease, position);
    }

    private Outcome extend(Lease holder, long expiresAtMillis, long now, String how) {
        long position = log.append(new LogRecord.Renewed(holder.resource(), holder.fencingToken(), expiresAtMillis));
        Lease renewed = holder.withExpiry(expiresAtMillis);
        leases.put(holder.resource(), renewed);
        if (holder.expires()) {
            expiries.remove(new Expiry(holder.expiresAtMillis(), holder.resource()));
        }
        expiries.add(new Expiry(expiresAtMillis, holder.resource()));
        deadlineAdded.accept(expiresAtMillis);
        events.record(now, LockEvent.Type.RENEWED, holder.resource(), holder.owner(), holder.fencingToken(), how);
        checkpointIfDue();
        return new Outcome.Renewed(renewed, position);
    }

    private Outcome remove(Lease holder, long now, String how) {
        long position = log.append(new LogRecord.Released(holder.resource(), holder.fencingToken()));
        leases.remove(holder.resource());
        if (holder.expires()) {
            expiries.remove(new Expiry(holder.expiresAtMillis(), holder.resource()));
        }
        events.record(now, LockEvent.Type.RELEASED, holder.resource(), holder.owner(), holder.fencingToken(), how);
        handOff(holder.resource(), now);
        checkpointIfDue();
        return new Outcome.Released(holder, position);
    }

    /** Gives a freed lock to the oldest waiter still waiting, if any. */
    private void handOff(String resource, long now) {
        ArrayDeque<Waiter> queue = queues.get(resource);
        if (queue == null) {
            return;
        }
        Waiter next = queue.pollFirst();
        if (queue.isEmpty()) {
            queues.remove(resource);
        }
        waitDeadlines.remove(next);
        try {
            next.answer().complete(grant(resource, next.owner, now + next.ttlMillis, now,
                    "handed over to the first in the queue, TTL " + next.ttlMillis + " ms"));
        } catch (RuntimeException logFailed) {
            next.answer().completeExceptionally(logFailed);
        }
    }

    private Outcome deny(String resource, String owner, Lease holder, long now, boolean waitTimedOut) {
        String detail = holder == null ? "the wait ended" : "held by " + holder.owner();
        events.record(now, LockEvent.Type.DENIED, resource, owner, 0, waitTimedOut ? "waited in vain; " + detail
                : detail);
        return new Outcome.Denied(holder, holder == null ? 0 : holder.millisLeftAt(now), waitTimedOut);
    }

    private static Outcome notHeldByToken(String resource, Lease holder) {
        if (holder == null) {
            return new Outcome.NotHeld("no_lock", "nobody holds " + resource
                    + " now: it was released, or its TTL ran out (an expired lock cannot be renewed)");
        }
        return new Outcome.NotHeld("held_by_other", resource + " is held under another holder token (by "
                + holder.owner() + ", fencing token " + holder.fencingToken() + "); yours is no longer valid");
    }

    private static Outcome notHeldByOwner(String resource, String owner, Lease holder) {
        if (holder == null) {
            return new Outcome.NotHeld("no_lock", "nobody holds " + resource + " now");
        }
        return new Outcome.NotHeld("held_by_other", resource + " is held by " + holder.owner() + ", not by "
                + owner);
    }

    private void checkpointIfDue() {
        if (log.checkpointDue()) {
            log.startNewFile(new LogRecord.Checkpoint(lastFencingToken, new ArrayList<>(leases.values())));
        }
    }

    /** One lease's place in the expiry order. */
    private record Expiry(long atMillis, String resource) {
        static final Comparator<Expiry> ORDER =
                Comparator.comparingLong(Expiry::atMillis).thenComparing(Expiry::resource);
    }
}
