package lockstep.workshop.cli;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import lockstep.workshop.lockserver.client.EventPage;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockEvent;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.LockServerException;

/**
 * What {@code lockstep visualize} shows for a lock server: every live lock with its owner, fencing token and time
 * left, then the last few things that happened to locks. Each {@link #frame()} asks the server afresh; while the
 * server does not answer, the frame says so, and the next one tries again.
 *
 * <p>Events are polled with {@code GET /v1/events?after=N}. The server numbers them from 1 each time it starts, so a
 * newest number smaller than one already seen means it restarted: the view then starts again from its first event.
 */
final class LockServerView {

    /** How many events the view keeps below the locks. */
    static final int EVENTS_SHOWN = 8;

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final LockServerClient client;
    private final Deque<LockEvent> lastEvents = new ArrayDeque<>();
    private long lastSequence;
    private Instant downSince;

    LockServerView(LockServerClient client) {
        this.client = client;
    }

    /** Whether the server answered when the last frame was drawn. */
    boolean serverAnswered() {
        return downSince == null;
    }

    /** The view as it is now, as lines of text. */
    String frame() {
        StringBuilder text = new StringBuilder();
        text.append("Lock server ").append(client.server()).append("   ").append(LocalTime.now().format(CLOCK))
                .append('\n').append('\n');
        List<HeldLock> locks;
        try {
            locks = client.locks();
            catchUpOnEvents();
            downSince = null;
        } catch (LockServerException e) {
            if (downSince == null) {
                downSince = Instant.now();
            }
            text.append("No lock server answers here (since ").append(time(downSince.toEpochMilli()))
                    .append("). Start one with ./lockstep lock-server. Trying again...\n");
            return text.toString();
        }
        appendLocks(text, locks);
        text.append('\n').append("Last events").append('\n');
        if (lastEvents.isEmpty()) {
            text.append("  none yet\n");
        }
        for (LockEvent event : lastEvents) {
            text.append(String.format(Locale.ROOT, "  %s  %-8s %-16s %-14s %s%s%n", time(event.atMillis()),
                    event.type().label(), event.resource(), event.owner(),
                    event.fencingToken() == 0 ? "" : "#" + event.fencingToken() + "  ", event.detail()));
        }
        return text.toString();
    }

    private static void appendLocks(StringBuilder text, List<HeldLock> locks) {
        if (locks.isEmpty()) {
            text.append("No locks are held.\n");
            return;
        }
        text.append(String.format(Locale.ROOT, "  %-16s %-14s %13s %10s %8s%n", "LOCK", "OWNER", "FENCING TOKEN", "TIME LEFT",
                "WAITING"));
        for (HeldLock lock : locks) {
            String left = lock.expires() ? String.format(Locale.ROOT, "%.1f s", lock.expiresInMillis() / 1000.0) : "never ends";
            text.append(String.format(Locale.ROOT, "  %-16s %-14s %13d %10s %8d%n", lock.resource(), lock.owner(),
                    lock.fencingToken(), left, lock.waiting()));
        }
    }

    /** Reads the events the server has had since the last frame; starts over when the server has restarted. */
    private void catchUpOnEvents() {
        EventPage page = client.events(lastSequence);
        if (page.lastSequence() < lastSequence) {
            lastSequence = 0;
            lastEvents.clear();
            page = client.events(0);
        }
        for (LockEvent event : page.events()) {
            lastEvents.addLast(event);
            if (lastEvents.size() > EVENTS_SHOWN) {
                lastEvents.removeFirst();
            }
            lastSequence = event.sequence();
        }
    }

    private static String time(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()).format(CLOCK);
    }
}
