package lockstep.workshop.lockserver.client;

import java.util.List;

/**
 * One answer of {@code GET /v1/events?after=N}.
 *
 * @param lastSequence the number of the newest event on the server; smaller than a number you have seen means the
 *                     server restarted, so ask again from 0
 * @param events       the events after the number asked for, oldest first
 */
public record EventPage(long lastSequence, List<LockEvent> events) {

    public EventPage {
        events = List.copyOf(events);
    }
}
