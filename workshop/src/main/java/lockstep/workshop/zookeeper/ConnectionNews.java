package lockstep.workshop.zookeeper;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;

/**
 * What one ZooKeeper session has heard about its connection, kept by the session's default watcher
 * ({@link NodeSession}): it counts the times the connection dropped ({@code Disconnected}) or the
 * session ended ({@code Expired}, {@code Closed}, {@code AuthFailed}). A reconnection
 * ({@code SyncConnected}) counts nothing: it does not undo a drop.
 *
 * <p>Why a lock holder wants it: once the connection drops, the server may expire the session and
 * hand the lock to the next in line before this client hears anything more, so a holder must stop
 * at the first drop. A holder reads {@link #drops()} before its last look at the lock (the look
 * that says "you hold it"), and {@link #droppedSince} that reading is its answer to "may I have
 * lost the lock?". One news object serves every lock of the session, so holding a lock costs no
 * watch of its own, and a release notifies only the next in line. (Curator's
 * {@code ConnectionStateListener}, which Lab 05 uses, is the same idea with more states.)
 *
 * <p>Thread-safe: the session's event thread writes, any thread reads.
 */
public final class ConnectionNews implements Watcher {

    private final AtomicLong drops = new AtomicLong();

    /** How many times the connection has dropped or the session ended so far. */
    public long drops() {
        return drops.get();
    }

    /**
     * Whether the connection dropped or the session ended after {@code drops} was read from
     * {@link #drops()}: then anything held since that reading may be gone, even if the connection
     * is back by now.
     */
    public boolean droppedSince(long drops) {
        return this.drops.get() != drops;
    }

    /** Hears one event of the session's default watcher; events about znodes are not news of the connection. */
    @Override
    public void process(WatchedEvent event) {
        if (event.getType() == EventType.None && event.getState() != KeeperState.SyncConnected
                && event.getState() != KeeperState.ConnectedReadOnly && event.getState() != KeeperState.SaslAuthenticated) {
            drops.incrementAndGet();
        }
    }

    @Override
    public String toString() {
        return "connection news: " + drops.get() + " drops";
    }
}
