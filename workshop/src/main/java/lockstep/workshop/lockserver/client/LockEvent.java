package lockstep.workshop.lockserver.client;

import java.util.Locale;

/**
 * Something that happened to a lock, as the {@code GET /v1/events} view reports it.
 *
 * <p>Events are numbered by one server-wide sequence, so a poller asks for "events after N" and never sees one twice.
 * They live in memory only: after a restart the sequence starts again at 1 (a poller notices because the server's
 * {@code last_sequence} is smaller than what it has seen).
 *
 * @param sequence     this event's number, 1 for the first event since the server started
 * @param atMillis     the server clock's reading when it happened
 * @param type         what happened
 * @param resource     the lock's resource
 * @param owner        the owner name of the client the event is about (for {@code denied}: the one turned away)
 * @param fencingToken the fencing token of the grant involved, or 0 when there is none (a denial)
 * @param detail       a short human explanation, such as "held by Node_Beta" or "via the original API"
 */
public record LockEvent(long sequence, long atMillis, Type type, String resource, String owner, long fencingToken,
                        String detail) {

    /** The kinds of events, named as they appear in JSON. */
    public enum Type {
        GRANTED, DENIED, RENEWED, RELEASED, EXPIRED;

        /** The lower-case name used on the wire, for example {@code "granted"}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Type fromLabel(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }
}
