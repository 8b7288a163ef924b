package lockstep.workshop.grading;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.AddWatchMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.ZooKeeper;

/**
 * The queues of a lab whose locks are queues of sequential znodes (Lab 04), as the server ordered
 * them, recorded from a session of the grader's own: a persistent recursive watch on the lab's lock
 * root hears every znode created in a seat's folder, in the server's order, and a read right after
 * learns its owner (its data, {@code node/buyer}). From that, {@link #grantOutOfOrder} checks the
 * buyers' grants against the queue without trusting the buyers: each seat's lock must pass in the
 * order of the sequence numbers.
 *
 * <p>Limits: a znode deleted before the read reached the server has no known owner, and its grant is
 * not checked (a waiter waits behind dozens of others, so that is rare); the count says how many.
 * Its notifications count in {@code WatchNotificationCounter}: do not measure a herd while it records.
 */
public final class QueueRecorder implements AutoCloseable {

    private final String lockRoot;
    private final ZooKeeper session;
    /** For each seat, each owner's sequence number. Written on the session's event thread. */
    private final Map<String, Map<String, Long>> sequences = new HashMap<>();
    private int ownersUnknown;

    private QueueRecorder(String lockRoot, ZooKeeper session) {
        this.lockRoot = lockRoot;
        this.session = session;
    }

    /** Starts recording the queues in the folders under {@code lockRoot}, such as {@code /lockstep/lab04}. */
    public static QueueRecorder start(String connectString, String lockRoot, Duration sessionTimeout)
            throws KeeperException, InterruptedException {
        ZooKeeper session = ZooKeeperConnections.zooKeeper(connectString, sessionTimeout, event -> { });
        QueueRecorder recorder = new QueueRecorder(lockRoot, session);
        try {
            session.addWatch(lockRoot, recorder::heard, AddWatchMode.PERSISTENT_RECURSIVE);
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            ZooKeeperConnections.closeQuietly(session);
            throw e;
        }
        return recorder;
    }

    /**
     * The first grant in {@code history} that did not follow the queue: a buyer granted a seat's lock
     * after a buyer whose znode came later in that seat's queue. Empty when every grant whose owner is
     * known came in the order of the sequence numbers.
     */
    public synchronized Optional<String> grantOutOfOrder(History history) {
        Map<String, StepEvent> lastGrant = new HashMap<>();
        for (StepEvent event : history.events()) {
            if (event.step() != Step.LOCK_GRANTED) {
                continue;
            }
            String seat = event.detail();
            Long sequence = sequences.getOrDefault(seat, Map.of()).get(owner(event));
            if (sequence == null) {
                continue; // its znode went before the recorder could read its owner
            }
            StepEvent before = lastGrant.get(seat);
            if (before != null) {
                long sequenceBefore = sequences.get(seat).get(owner(before));
                if (sequence <= sequenceBefore) {
                    return Optional.of(String.format("%s was granted %s's lock after %s, although %s's znode"
                            + " (number %d) came before %s's (number %d) in the queue", owner(event), seat,
                            owner(before), owner(event), sequence, owner(before), sequenceBefore));
                }
            }
            lastGrant.put(seat, event);
        }
        return Optional.empty();
    }

    /** How many znodes were gone before their owner could be read. */
    public synchronized int ownersUnknown() {
        return ownersUnknown;
    }

    @Override
    public void close() {
        ZooKeeperConnections.closeQuietly(session);
    }

    /** A znode was created somewhere under the lock root: if it is a place in a seat's queue, learn its owner. */
    private void heard(WatchedEvent event) {
        if (event.getType() != EventType.NodeCreated) {
            return;
        }
        String[] parts = event.getPath().substring(lockRoot.length() + 1).split("/");
        if (parts.length != 2) {
            return; // a seat's folder, not a place in its queue
        }
        String seat = parts[0];
        String name = parts[1];
        // Asynchronous, so that the session's event thread goes on hearing creates in order meanwhile.
        session.getData(event.getPath(), false, (code, path, context, data, stat) -> {
            synchronized (this) {
                if (code != KeeperException.Code.OK.intValue() || data == null || !name.matches(".*[0-9]{10}")) {
                    ownersUnknown++;
                    return;
                }
                sequences.computeIfAbsent(seat, key -> new HashMap<>())
                        .put(new String(data, StandardCharsets.UTF_8), sequenceOf(name));
            }
        }, null);
    }

    private static String owner(StepEvent grant) {
        return grant.node() + "/" + grant.buyer();
    }

    /** The ten digits ZooKeeper appended to a sequential znode's name, as a number. */
    private static long sequenceOf(String name) {
        return Long.parseLong(name.substring(name.length() - 10));
    }
}
