package lockstep.lab03;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A ZooKeeper session that lets the grader see what its client has heard, and know when the
 * news has reached every watcher the lock set. The client tells its watchers of a change of the
 * connection one after another, on one thread; a check that lets Alice go on the moment the
 * first of them hears {@code Disconnected} would race with her lock's own watcher. So every
 * watcher the lock sets (with the synchronous {@code exists}, {@code getData} and
 * {@code getChildren}) is wrapped, and {@link #awaitEveryWatcherTold} returns once each one that
 * is still set has returned from hearing the news.
 */
final class TrackedSession extends ZooKeeper {

    private final Ears ears;
    /** The lock's watchers that are set: not yet fired by a change of their znode. */
    private final Set<Told> armed = ConcurrentHashMap.newKeySet();

    private TrackedSession(String connectString, Ears ears) throws IOException {
        super(connectString, Math.toIntExact(Lab03.SESSION_TIMEOUT.toMillis()), ears);
        this.ears = ears;
    }

    /** A connected session, with the session timeout of the lab's nodes. */
    static TrackedSession connect(String connectString, Duration timeout) throws IOException, InterruptedException {
        Ears ears = new Ears();
        TrackedSession session = new TrackedSession(connectString, ears);
        if (!ears.connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            session.close();
            throw new ZooKeeperUnavailableException(connectString, timeout);
        }
        return session;
    }

    /** Whether the client has heard {@code state} (for example {@code Expired}) since it connected. */
    boolean hasHeard(KeeperState state) {
        return ears.heard.contains(state);
    }

    /**
     * Waits until the client has heard {@code state} and every watcher the lock has set has
     * returned from hearing it; false if that has not happened within {@code budget}.
     */
    boolean awaitEveryWatcherTold(KeeperState state, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        synchronized (ears) {
            while (!everyWatcherTold(state)) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                ears.wait(remaining);
            }
            return true;
        }
    }

    /** Waits until the lock has set a watcher that has not fired yet; false if none within {@code budget}. */
    boolean awaitWatcherSet(Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        synchronized (ears) {
            while (armed.isEmpty()) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                ears.wait(remaining);
            }
            return true;
        }
    }

    private boolean everyWatcherTold(KeeperState state) {
        return ears.heard.contains(state) && armed.stream().allMatch(watcher -> watcher.told.contains(state));
    }

    @Override
    public Stat exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return super.exists(path, watcher); // no watch: nothing to track
        }
        Told told = new Told(watcher);
        Stat stat = super.exists(path, told);
        arm(told); // set either way: exists() watches a znode that is not there yet too
        return stat;
    }

    @Override
    public byte[] getData(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return super.getData(path, watcher, stat); // no watch: nothing to track
        }
        Told told = new Told(watcher);
        byte[] data = super.getData(path, told, stat);
        arm(told);
        return data;
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return super.getChildren(path, watcher); // no watch: nothing to track
        }
        Told told = new Told(watcher);
        List<String> children = super.getChildren(path, told);
        arm(told);
        return children;
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return super.getChildren(path, watcher, stat); // no watch: nothing to track
        }
        Told told = new Told(watcher);
        List<String> children = super.getChildren(path, told, stat);
        arm(told);
        return children;
    }

    /** Counts a watcher as set, unless it has fired already (a change can arrive before the call returns). */
    private void arm(Told told) {
        synchronized (ears) {
            armed.add(told);
            if (told.fired) {
                armed.remove(told);
            }
            ears.notifyAll();
        }
    }

    /** The session's default watcher: what the client heard about its connection. */
    private static final class Ears implements Watcher {

        final CountDownLatch connected = new CountDownLatch(1);
        final Set<KeeperState> heard = ConcurrentHashMap.newKeySet();

        @Override
        public void process(WatchedEvent event) {
            if (event.getType() != EventType.None) {
                return;
            }
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
            synchronized (this) {
                heard.add(event.getState());
                notifyAll();
            }
        }
    }

    /** One of the lock's watchers, and the connection news it has returned from. */
    private final class Told implements Watcher {

        final Watcher lockWatcher;
        final Set<KeeperState> told = ConcurrentHashMap.newKeySet();
        volatile boolean fired;

        Told(Watcher lockWatcher) {
            this.lockWatcher = lockWatcher;
        }

        @Override
        public void process(WatchedEvent event) {
            try {
                lockWatcher.process(event);
            } finally {
                synchronized (ears) {
                    if (event.getType() == EventType.None) {
                        told.add(event.getState());
                    } else {
                        fired = true; // a watch fires once on a change of its znode, and is gone
                        armed.remove(this);
                    }
                    ears.notifyAll();
                }
            }
        }
    }
}
