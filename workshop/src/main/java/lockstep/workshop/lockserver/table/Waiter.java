package lockstep.workshop.lockserver.table;

import java.util.Comparator;
import java.util.concurrent.CompletableFuture;

/**
 * A waiting acquire in a lock's queue: who waits, for how long a lease, until when, and the answer it will get.
 *
 * <p>The lock table completes {@link #answer()} with a grant when the lock is handed over, or with a denial when the
 * deadline passes. The connection thread that made the request waits on it.
 */
public final class Waiter {

    /** Earliest deadline first; the arrival number breaks ties, so two waiters are never "equal". */
    static final Comparator<Waiter> BY_DEADLINE =
            Comparator.comparingLong((Waiter waiter) -> waiter.deadlineMillis).thenComparingLong(waiter -> waiter.arrival);

    final String resource;
    final String owner;
    final long ttlMillis;
    final long deadlineMillis;
    final long arrival;
    private final CompletableFuture<Outcome> answer = new CompletableFuture<>();

    Waiter(String resource, String owner, long ttlMillis, long deadlineMillis, long arrival) {
        this.resource = resource;
        this.owner = owner;
        this.ttlMillis = ttlMillis;
        this.deadlineMillis = deadlineMillis;
        this.arrival = arrival;
    }

    /** Completed with the grant or the denial; whoever waits for the lock waits on this. */
    public CompletableFuture<Outcome> answer() {
        return answer;
    }
}
