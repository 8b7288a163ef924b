package lockstep.workshop.live;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockEvent;

/**
 * One look at a lock server: every live lock with its owner, fencing token, time left and queue, and the last events
 * the server reported.
 *
 * @param server        the server looked at
 * @param takenAtMillis when, on this machine's wall clock
 * @param downSince     since when the server has not answered, or null when it answered this look
 * @param locks         its live locks, sorted by resource; empty when it did not answer
 * @param events        the last events it reported, oldest first (kept from earlier looks while it does not answer)
 */
public record LockServerSnapshot(URI server, long takenAtMillis, Instant downSince, List<HeldLock> locks,
                                 List<LockEvent> events) implements LiveSnapshot {

    public LockServerSnapshot {
        Objects.requireNonNull(server, "server");
        locks = List.copyOf(locks);
        events = List.copyOf(events);
    }

    @Override
    public boolean serviceAnswered() {
        return downSince == null;
    }

    /** Why this look shows no locks, as the terminal and the page both say it; empty when the server answered. */
    public String problem() {
        return serviceAnswered() ? "" : "No lock server answers here (since " + TimeOfDay.of(downSince.toEpochMilli())
                + "). Start one with ./lockstep lock-server. Trying again...";
    }

    /** What the views say when the server holds no lock. */
    public static String noLocks() {
        return "No locks are held.";
    }

    /** A lock's time left as the views write it: {@code 1.6 s}, or {@code never ends} for a lock without a TTL. */
    public static String timeLeft(HeldLock lock) {
        return lock.expires() ? String.format(Locale.ROOT, "%.1f s", lock.expiresInMillis() / 1000.0) : "never ends";
    }

    @Override
    public Board board() {
        List<Board.Card> cards = locks.stream().map(lock -> new Board.Card(lock.resource(), lock.owner(),
                List.of(new Board.Fact("fencing token", Long.toString(lock.fencingToken())),
                        new Board.Fact("time left", timeLeft(lock))),
                Board.Waiters.counted("waiting", lock.waiting()),
                lock.expires() ? "" : "Set with setnx and never given a TTL: it stays until someone releases it."))
                .toList();
        List<Board.Event> lines = events.stream().map(event -> new Board.Event(TimeOfDay.of(event.atMillis()),
                event.type().label(), event.resource() + "  " + event.owner()
                        + (event.fencingToken() == 0 ? "" : "  #" + event.fencingToken())
                        + (event.detail() == null || event.detail().isEmpty() ? "" : "  " + event.detail())))
                .toList();
        return new Board("Lock server " + server, takenAtMillis, problem(), noLocks(), cards, "Last events", lines);
    }
}
