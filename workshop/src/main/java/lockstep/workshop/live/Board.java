package lockstep.workshop.live;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One look at a lock service as the live page draws it, whatever the kind of service: a line that says what was
 * looked at and when, a sentence when the service did not answer, a card per lock, and the last events. The page
 * knows nothing else, so every kind of lock service (the lock server, lock znodes, a queue of sequential znodes, a
 * fenced resource) fills the same board and the page draws it without change.
 *
 * @param source        what was looked at, for example {@code Lock server http://127.0.0.1:14000}
 * @param takenAtMillis when the look was taken, on this machine's wall clock
 * @param problem       why the service showed nothing, as one sentence that says how to fix it; empty when it answered
 * @param noLocks       what to say when it answered and holds no lock, for example {@code No locks are held.}
 * @param locks         every lock held, in the service's order
 * @param eventsHeading what the events are, for example {@code Last events}
 * @param events        the last few events, oldest first
 */
public record Board(String source, long takenAtMillis, String problem, String noLocks, List<Card> locks,
                    String eventsHeading, List<Event> events) {

    public Board {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(noLocks, "noLocks");
        Objects.requireNonNull(eventsHeading, "eventsHeading");
        locks = List.copyOf(locks);
        events = List.copyOf(events);
    }

    /**
     * One held lock.
     *
     * @param name    the lock's name in its service, for example {@code seat-A1} or {@code A1}
     * @param holder  who holds it, as the service names them, for example {@code node-03/buyer-0042}
     * @param facts   what else is known of the grant, in the order to show: fencing token, time left, session...
     * @param waiters who waits for it, as far as the service tells
     * @param warning why this lock is dangerous (it never ends, it outlives its holder), or empty
     */
    public record Card(String name, String holder, List<Fact> facts, Waiters waiters, String warning) {

        public Card {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(holder, "holder");
            Objects.requireNonNull(waiters, "waiters");
            Objects.requireNonNull(warning, "warning");
            facts = List.copyOf(facts);
        }
    }

    /** One labelled value of a card, for example {@code fencing token} and {@code 42}. */
    public record Fact(String label, String value) {

        public Fact {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * Who waits for a lock.
     *
     * @param word    what waiting means for this service, for example {@code waiting} (a queue on the lock server) or
     *                {@code watching} (sessions with a watch on a lock znode)
     * @param count   how many, or {@link #UNKNOWN} when the service would not say
     * @param inOrder their names in queue order, when the service tells them (a queue of sequential znodes); else empty
     */
    public record Waiters(String word, int count, List<String> inOrder) {

        /** The count of waiters a service would not tell. */
        public static final int UNKNOWN = -1;

        public Waiters {
            Objects.requireNonNull(word, "word");
            inOrder = List.copyOf(inOrder);
            if (count < UNKNOWN) {
                throw new IllegalArgumentException("a count of waiters is 0 or more, or UNKNOWN, but was " + count);
            }
        }

        /** {@code count} waiters whose names the service does not tell. */
        public static Waiters counted(String word, int count) {
            return new Waiters(word, count, List.of());
        }
    }

    /**
     * Something that happened to a lock.
     *
     * @param time when, as a time of day ({@link TimeOfDay})
     * @param kind one word for its colour on the page: granted, denied, renewed, released, expired, taken, passed
     * @param text the rest of the line: which lock, who, what
     */
    public record Event(String time, String kind, String text) {

        public Event {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Whether the service answered this look. */
    public boolean serviceAnswered() {
        return problem.isEmpty();
    }

    /** The board as the plain maps and lists that become the page's JSON; field names are the page's. */
    public Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("source", source);
        data.put("takenAtMs", takenAtMillis);
        data.put("takenAt", TimeOfDay.of(takenAtMillis));
        data.put("problem", problem);
        data.put("noLocks", noLocks);
        data.put("locks", locks.stream().map(Board::cardData).toList());
        data.put("eventsHeading", eventsHeading);
        data.put("events", events.stream().map(event -> Map.of(
                "time", event.time(), "kind", event.kind(), "text", event.text())).toList());
        return data;
    }

    private static Map<String, Object> cardData(Card card) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", card.name());
        data.put("holder", card.holder());
        data.put("facts", card.facts().stream().map(fact -> Map.of("label", fact.label(), "value", fact.value())).toList());
        data.put("waiting", Map.of("word", card.waiters().word(), "count", card.waiters().count(),
                "inOrder", card.waiters().inOrder()));
        data.put("warning", card.warning());
        return data;
    }
}
