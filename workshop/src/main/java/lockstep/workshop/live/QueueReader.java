package lockstep.workshop.live;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import lockstep.workshop.live.QueueSnapshot.Change;
import lockstep.workshop.live.QueueSnapshot.Place;
import lockstep.workshop.live.QueueSnapshot.Queue;
import lockstep.workshop.zookeeper.FourLetterWords;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Looks at the seats' queues under a ZooKeeper lab's lock root (Lab 04: {@code /lockstep/lab04/A1}
 * and its sequential znodes) with a session of its own, and notes between looks who got each lock
 * and who left a queue. When ZooKeeper does not answer, the look says so and the next one tries
 * again with a new session.
 *
 * <p>It only reads. Whom each session watches comes from the {@code wchp} four-letter word; a server
 * that does not allow it leaves that unknown. The reader's own session is left out.
 */
public final class QueueReader implements SnapshotReader<QueueSnapshot> {

    /** How many changes a look keeps. */
    public static final int CHANGES_KEPT = 8;

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    /** ZooKeeper appends a sequence number of ten digits to a sequential znode's name. */
    private static final int SEQUENCE_DIGITS = 10;

    private final String connectString;
    private final String lockRoot;
    private final Deque<Change> changes = new ArrayDeque<>();
    private Map<String, List<Place>> previous = Map.of();
    private final ReadersSession session;

    /** A reader of the queues in the folders under {@code lockRoot}, such as {@code /lockstep/lab04}. */
    public QueueReader(String connectString, String lockRoot) {
        this.connectString = connectString;
        this.lockRoot = lockRoot;
        this.session = new ReadersSession(connectString, ASK_TIMEOUT);
    }

    @Override
    public QueueSnapshot read() throws InterruptedException {
        long now = System.currentTimeMillis();
        String problem = "";
        List<Queue> queues = List.of();
        try {
            queues = readQueues();
            noteChanges(queues, now);
        } catch (ZooKeeperUnavailableException | KeeperException.ConnectionLossException
                 | KeeperException.SessionExpiredException e) {
            session.close();
            problem = "No ZooKeeper answers at " + connectString + " (" + TimeOfDay.of(now) + "). Trying again; start one with `./lockstep zk"
                    + " start`, or point --zk at one.";
        } catch (KeeperException e) {
            problem = "ZooKeeper at " + connectString + " refused to show " + lockRoot + ": " + e.getMessage();
        }
        return new QueueSnapshot(connectString, lockRoot, now, problem, queues, List.copyOf(changes));
    }

    @Override
    public void close() {
        session.close();
    }

    private List<Queue> readQueues() throws KeeperException, InterruptedException {
        ZooKeeper zooKeeper = session.get();
        List<String> seats;
        try {
            seats = new ArrayList<>(zooKeeper.getChildren(lockRoot, false));
        } catch (KeeperException.NoNodeException e) {
            return List.of(); // no lab has used this ZooKeeper yet
        }
        seats.sort(null);
        Optional<Map<String, Set<Long>>> watchers = FourLetterWords.watchersByPath(connectString, ASK_TIMEOUT);
        watchers.ifPresent(byPath -> byPath.values().forEach(sessions -> sessions.remove(zooKeeper.getSessionId())));
        List<Queue> queues = new ArrayList<>();
        for (String seat : seats) {
            List<Place> places = readPlaces(zooKeeper, lockRoot + "/" + seat, watchers);
            if (!places.isEmpty()) {
                queues.add(new Queue(seat, places));
            }
        }
        return queues;
    }

    /** The znodes of one seat's folder, first in line first, each with whom its session watches. */
    private static List<Place> readPlaces(ZooKeeper zooKeeper, String folder, Optional<Map<String, Set<Long>>> watchers)
            throws KeeperException, InterruptedException {
        List<String> names;
        try {
            names = new ArrayList<>(zooKeeper.getChildren(folder, false));
        } catch (KeeperException.NoNodeException e) {
            return List.of(); // deleted as we looked
        }
        names.sort(Comparator.comparing(QueueReader::sequenceOf));
        List<Place> places = new ArrayList<>();
        for (String name : names) {
            String before = places.isEmpty() ? null : places.get(places.size() - 1).name();
            Stat stat = new Stat();
            byte[] data;
            try {
                data = zooKeeper.getData(folder + "/" + name, false, stat);
            } catch (KeeperException.NoNodeException e) {
                continue; // left the queue between the listing and this read; the next look shows it gone
            }
            String watches = watchers.map(byPath -> whomItWatches(byPath, folder, stat.getEphemeralOwner(),
                    places.isEmpty() ? null : places.get(0), before)).orElse("?");
            int watchedBy = watchers.map(byPath -> byPath.getOrDefault(folder + "/" + name, Set.of()).size()).orElse(-1);
            places.add(new Place(name, sequenceOf(name), data == null ? "" : new String(data, StandardCharsets.UTF_8),
                    stat.getEphemeralOwner(), stat.getCtime(), watches, watchedBy));
        }
        return places;
    }

    /**
     * What the session of a znode watches in its seat's folder, in words. The recipe's waiter watches the
     * znode just before its own and its holder nothing; a herd watches the first in line or the folder.
     */
    private static String whomItWatches(Map<String, Set<Long>> byPath, String folder, long sessionId, Place first,
            String before) {
        List<String> watched = byPath.entrySet().stream()
                .filter(entry -> entry.getValue().contains(sessionId))
                .map(Map.Entry::getKey)
                .filter(path -> path.equals(folder) || path.startsWith(folder + "/"))
                .sorted().toList();
        if (before != null && watched.contains(folder + "/" + before)) {
            return "the one before it (" + sequenceOf(before) + ")";
        }
        if (watched.contains(folder)) {
            return "the folder (every change)";
        }
        if (watched.isEmpty()) {
            return "nothing";
        }
        return watched.stream().map(path -> path.substring(folder.length() + 1)).map(name ->
                first != null && name.equals(first.name()) ? sequenceOf(name) + " (the first in line)" : sequenceOf(name))
                .collect(Collectors.joining(", "));
    }

    /** Who left a queue, and who got each lock, since the last look. */
    private void noteChanges(List<Queue> queues, long now) {
        Map<String, List<Place>> current = new HashMap<>();
        queues.forEach(queue -> current.put(queue.seat(), queue.places()));
        for (Map.Entry<String, List<Place>> seat : previous.entrySet()) {
            List<Place> still = current.getOrDefault(seat.getKey(), List.of());
            for (Place place : seat.getValue()) {
                if (still.stream().noneMatch(stayed -> stayed.name().equals(place.name()))) {
                    boolean wasFirst = seat.getValue().get(0) == place;
                    note(now, wasFirst ? "released" : "left", place.owner() + " (" + place.sequence() + ")"
                            + (wasFirst ? " let go of " : " left the queue of ") + seat.getKey()
                            + (wasFirst ? " (or its session ended)" : ""));
                }
            }
        }
        for (Map.Entry<String, List<Place>> seat : current.entrySet()) {
            List<Place> before = previous.getOrDefault(seat.getKey(), List.of());
            Place head = seat.getValue().get(0);
            if (before.isEmpty() || !before.get(0).name().equals(head.name())) {
                note(now, before.isEmpty() ? "taken" : "passed", seat.getKey()
                        + (before.isEmpty() ? " taken by " : " passed to ") + head.owner() + " ("
                        + head.sequence() + ")");
            }
        }
        previous = current;
    }

    private void note(long now, String kind, String text) {
        changes.addLast(new Change(now, kind, text));
        while (changes.size() > CHANGES_KEPT) {
            changes.removeFirst();
        }
    }

    private static String sequenceOf(String name) {
        return name.substring(Math.max(0, name.length() - SEQUENCE_DIGITS));
    }
}
