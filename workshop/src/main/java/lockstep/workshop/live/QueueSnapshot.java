package lockstep.workshop.live;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One look at the queues of a ZooKeeper lab whose locks are queues of sequential znodes (Lab 04): for
 * each seat's folder under the lab's lock root, its znodes in the order of their sequence numbers
 * (the first holds the lock), each with its owner, its session and whom that session watches; then
 * the changes seen between looks.
 *
 * @param connectString the ZooKeeper looked at
 * @param lockRoot      the folder of the seats' queues, for example {@code /lockstep/lab04}
 * @param takenAtMillis when, on this machine's wall clock
 * @param problem       why this look shows no queues (no ZooKeeper answers, or it refused), as one sentence;
 *                      empty when it answered
 * @param queues        the seats' queues, sorted by seat; a seat whose folder is empty has none
 * @param changes       the last changes seen between looks, oldest first
 */
public record QueueSnapshot(String connectString, String lockRoot, long takenAtMillis, String problem,
                            List<Queue> queues, List<Change> changes) implements LiveSnapshot {

    public QueueSnapshot {
        Objects.requireNonNull(connectString, "connectString");
        Objects.requireNonNull(lockRoot, "lockRoot");
        Objects.requireNonNull(problem, "problem");
        queues = List.copyOf(queues);
        changes = List.copyOf(changes);
    }

    /**
     * One seat's queue.
     *
     * @param seat   the seat, for example {@code A1} (its folder's name)
     * @param places its znodes, first in line first
     */
    public record Queue(String seat, List<Place> places) {

        public Queue {
            places = List.copyOf(places);
        }
    }

    /**
     * One place in a queue.
     *
     * @param name          the znode's name, for example {@code lock-1b4e...-0000000042}
     * @param sequence      the ten digits ZooKeeper appended, which order the queue
     * @param owner         its data: who waits or holds, for example {@code node-03/buyer-0042}
     * @param sessionId     the session that owns it, or 0 for a persistent znode, which no session owns
     * @param createdMillis when it was created, on ZooKeeper's clock
     * @param watches       whom its session watches in this queue, in words: {@code the one before it
     *                      (0000000041)}, {@code the folder (every change)}, {@code nothing}; {@code ?} when
     *                      ZooKeeper would not say
     * @param watchers      how many sessions watch this znode, or -1 when ZooKeeper would not say
     */
    public record Place(String name, String sequence, String owner, long sessionId, long createdMillis,
                        String watches, int watchers) {
    }

    /**
     * A change seen between two looks.
     *
     * @param atMillis when the later look saw it
     * @param kind     one word for it: {@code taken}, {@code passed}, {@code released} (the first in line left),
     *                 {@code left} (a waiter left before its turn)
     * @param text     what changed, for example {@code A1 passed to node-03/buyer-0042 (0000000042)}
     */
    public record Change(long atMillis, String kind, String text) {
    }

    /** Whether ZooKeeper answered this look. */
    @Override
    public boolean serviceAnswered() {
        return problem.isEmpty();
    }

    /** The line above the queues: {@code Queues under /lockstep/lab04 at 127.0.0.1:2181}. */
    public String source() {
        return "Queues under " + lockRoot + " at " + connectString;
    }

    /** How long {@code place} had been in line (or held the lock) at this look: {@code 1.2 s}. */
    public String inLineFor(Place place) {
        return String.format(Locale.ROOT, "%.1f s", Math.max(0, takenAtMillis - place.createdMillis()) / 1000.0);
    }

    /**
     * This look as the live page draws it: a card per seat whose queue is not empty, held by the first in line, with
     * the others in line in order and whom each one watches.
     */
    @Override
    public Board board() {
        List<Board.Card> cards = queues.stream().map(queue -> {
            Place holder = queue.places().get(0);
            List<Place> waiting = queue.places().subList(1, queue.places().size());
            return new Board.Card(queue.seat(), holder.owner(), List.of(
                    new Board.Fact("znode", holder.sequence()),
                    new Board.Fact("session", sessionName(holder.sessionId())),
                    new Board.Fact("held for", inLineFor(holder)),
                    new Board.Fact("holder watches", holder.watches())),
                    new Board.Waiters("in line", waiting.size(), waiting.stream()
                            .map(place -> place.owner() + " (" + place.sequence() + "), watches " + place.watches())
                            .toList()),
                    holder.sessionId() == 0 ? "A persistent znode: it stays when its holder's session ends, so a"
                            + " crashed holder keeps the lock for ever." : "");
        }).toList();
        List<Board.Event> events = changes.stream()
                .map(change -> new Board.Event(TimeOfDay.of(change.atMillis()), change.kind(), change.text())).toList();
        return new Board(source(), takenAtMillis, problem, "Nobody holds a lock or waits for one.", cards,
                "Recent changes (seen between looks)", events);
    }

    /** A session id as ZooKeeper's tools write it: {@code 0x1000a2b3c0000}; a persistent znode has none. */
    public static String sessionName(long sessionId) {
        return sessionId == 0 ? "none: PERSISTENT" : "0x" + Long.toHexString(sessionId);
    }
}
