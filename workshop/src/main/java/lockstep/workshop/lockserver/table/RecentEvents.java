package lockstep.workshop.lockserver.table;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.lockserver.client.LockEvent;

/**
 * The last few hundred lock events, numbered, for pollers that ask "what happened after event N?".
 *
 * <p>A bounded ring: the oldest event goes when a new one would exceed the capacity, so a slow poller may miss events
 * (it sees a gap in the sequence numbers) but the server's memory never grows. Thread-safe.
 */
public final class RecentEvents {

    private final int capacity;
    private final ArrayDeque<LockEvent> events;
    private long lastSequence;

    public RecentEvents(int capacity) {
        this.capacity = capacity;
        this.events = new ArrayDeque<>(Math.min(capacity, 4096));
    }

    synchronized void record(long atMillis, LockEvent.Type type, String resource, String owner, long fencingToken,
                             String detail) {
        if (events.size() == capacity) {
            events.removeFirst();
        }
        events.addLast(new LockEvent(++lastSequence, atMillis, type, resource, owner, fencingToken, detail));
    }

    /** The number of the newest event, 0 before the first. */
    public synchronized long lastSequence() {
        return lastSequence;
    }

    /** Up to {@code limit} events numbered above {@code afterSequence}, oldest first. */
    public synchronized List<LockEvent> after(long afterSequence, int limit) {
        List<LockEvent> found = new ArrayList<>();
        for (LockEvent event : events) {
            if (event.sequence() > afterSequence) {
                found.add(event);
                if (found.size() == limit) {
                    break;
                }
            }
        }
        return found;
    }
}
