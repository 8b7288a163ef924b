package lockstep.workshop.live;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import lockstep.workshop.lockserver.client.EventPage;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockEvent;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.LockServerException;

/**
 * Looks at a lock server: {@code GET /v1/locks} for the live locks, and {@code GET /v1/events?after=N} for what
 * happened since the last look, of which it keeps the last {@value #EVENTS_KEPT}.
 *
 * <p>The server numbers its events from 1 each time it starts, so a newest number smaller than one already seen means
 * it restarted: the reader then starts again from its first event.
 */
public final class LockServerReader implements SnapshotReader<LockServerSnapshot> {

    /** How many events a look shows below the locks. */
    public static final int EVENTS_KEPT = 8;

    private final LockServerClient client;
    private final Deque<LockEvent> lastEvents = new ArrayDeque<>();
    private long lastSequence;
    private Instant downSince;

    /**
     * A reader of the server at {@code server}, for example {@code http://127.0.0.1:14000}. It connects at its first
     * look, and again at the next look after a connection broke.
     */
    public LockServerReader(URI server) {
        this.client = LockServerClient.connect(server);
    }

    @Override
    public LockServerSnapshot read() {
        long now = System.currentTimeMillis();
        try {
            List<HeldLock> locks = client.locks();
            catchUpOnEvents();
            downSince = null;
            return new LockServerSnapshot(client.server(), now, null, locks, List.copyOf(lastEvents));
        } catch (LockServerException e) {
            if (downSince == null) {
                downSince = Instant.ofEpochMilli(now);
            }
            return new LockServerSnapshot(client.server(), now, downSince, List.of(), List.copyOf(lastEvents));
        }
    }

    @Override
    public void close() {
        client.close();
    }

    /** Reads the events the server has had since the last look; starts over when the server has restarted. */
    private void catchUpOnEvents() {
        EventPage page = client.events(lastSequence);
        if (page.lastSequence() < lastSequence) {
            lastSequence = 0;
            lastEvents.clear();
            page = client.events(0);
        }
        for (LockEvent event : page.events()) {
            lastEvents.addLast(event);
            if (lastEvents.size() > EVENTS_KEPT) {
                lastEvents.removeFirst();
            }
            lastSequence = event.sequence();
        }
    }
}
