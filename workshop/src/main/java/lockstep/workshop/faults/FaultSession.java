package lockstep.workshop.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.zookeeper.ConnectionNews;
import lockstep.workshop.zookeeper.NodeSession;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.AsyncCallback;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Stat;

/**
 * A node's ZooKeeper session that a grader hands to the lock under test, to make one chosen call
 * fail at the exact moment a check needs, and to see what the lock did with the session.
 *
 * <p>Faults, each armed by the check and spent by the next call it aims at (one-shot):
 * <ul>
 *   <li>{@link #loseNextCreate}: the next {@code create} loses its request (nothing happens on the
 *       server) or its answer (the znode is created); either way the lock gets
 *       {@code ConnectionLossException}.
 *   <li>{@link #loseNextDelete}: the same for {@code delete}, optionally letting something happen
 *       between the delete on the server and the lost answer (the next buyer takes the lock).
 *   <li>{@link #loseNextWatchedRead()}: the next read that sets a watch throws
 *       {@code ConnectionLossException} without being sent.
 *   <li>{@link #afterNextListingOf}: runs something after the next {@code getChildren} of a path has
 *       its answer and before the lock sees it (the queue changes "between the look and the watch").
 * </ul>
 * A real network cannot pick the moment between "the server did it" and "the answer arrived", so the
 * faults are made at the client's edge. Every other call goes through unchanged.
 *
 * <p>Observations: which connection states the client heard ({@link #hasHeard}), whether every
 * watcher the lock has set has been told of a state ({@link #awaitEveryWatcherTold}: the client tells
 * watchers one after another, on one thread, and a check that lets a buyer go on must not race the
 * buyer's own watcher), and where the lock set its watches ({@link #awaitWatchesOn}).
 *
 * <p>Limits: the synchronous calls are the ones faulted and tracked (the labs' READMEs ask for
 * them); asynchronous calls go through untouched and unseen.
 */
public final class FaultSession extends NodeSession {

    /** Which half of a request is lost. */
    public enum Lost {
        /** The request never reaches the server: nothing happened there. */
        REQUEST,
        /** The request reaches the server and is carried out; its answer does not come back. */
        ANSWER
    }

    /** What happens at a fault's moment, for example the next buyer taking the lock; true if it did happen. */
    @FunctionalInterface
    public interface Meanwhile {
        boolean happen() throws Exception;
    }

    private final Ears ears;
    private final AtomicReference<Lost> nextCreate = new AtomicReference<>();
    private final AtomicReference<LostDelete> nextDelete = new AtomicReference<>();
    private final AtomicReference<Listing> nextListing = new AtomicReference<>();
    private volatile boolean loseNextWatchedRead;
    private final AtomicInteger createsStruck = new AtomicInteger();
    private final AtomicInteger deletesStruck = new AtomicInteger();
    private final CountDownLatch lookLost = new CountDownLatch(1);
    private volatile boolean deletedBeforeTheLostAnswer;
    private volatile boolean meanwhileHappened;
    /** The lock's watchers, one wrapper per watcher object (as ZooKeeper keeps one registration per object and path). */
    private final Map<Watcher, Told> wrappers = new IdentityHashMap<>();
    /** Every path this session set a watch on, in order, once per watching read. */
    private final List<String> watched = new ArrayList<>();

    /** A delete to lose, and what to let happen before its answer is lost. */
    private record LostDelete(Lost what, Meanwhile meanwhile) {
    }

    /** A listing to interrupt, and what to do once it has its answer. */
    private record Listing(String path, Meanwhile meanwhile) {
    }

    private FaultSession(String connectString, Duration sessionTimeout, ConnectionNews news, Ears ears)
            throws IOException {
        super(connectString, sessionTimeout, news, ears);
        this.ears = ears;
    }

    /**
     * A session to {@code connectString} that is established when this returns, with nothing armed.
     *
     * @throws lockstep.workshop.zookeeper.ZooKeeperUnavailableException if no server answers within
     *     {@code connectTimeout}
     */
    public static FaultSession connect(String connectString, Duration sessionTimeout, Duration connectTimeout) {
        return ZooKeeperConnections.connected(connectString, connectTimeout,
                connectionWatcher -> new FaultSession(connectString, sessionTimeout, new ConnectionNews(),
                        new Ears(connectionWatcher)));
    }

    /** The next {@code create} loses {@code what}, and throws {@code ConnectionLossException}. */
    public void loseNextCreate(Lost what) {
        nextCreate.set(what);
    }

    /** The next {@code delete} loses {@code what}, and throws {@code ConnectionLossException}. */
    public void loseNextDelete(Lost what) {
        loseNextDelete(what, () -> true);
    }

    /**
     * The next {@code delete} loses {@code what}; with {@link Lost#ANSWER}, {@code meanwhile} happens
     * after the server deleted the znode and before the lock is told {@code ConnectionLossException}.
     */
    public void loseNextDelete(Lost what, Meanwhile meanwhile) {
        nextDelete.set(new LostDelete(what, meanwhile));
    }

    /** The next read that sets a watch ({@code exists}, {@code getData}, {@code getChildren}) is lost on its way. */
    public void loseNextWatchedRead() {
        loseNextWatchedRead = true;
    }

    /**
     * {@code meanwhile} happens after the next {@code getChildren} of {@code path} has its answer from
     * the server, and before the lock sees that answer: the children it is given are already old.
     */
    public void afterNextListingOf(String path, Meanwhile meanwhile) {
        nextListing.set(new Listing(path, meanwhile));
    }

    /** How many creates met an armed fault. */
    public int createsStruck() {
        return createsStruck.get();
    }

    /** How many deletes met an armed fault. */
    public int deletesStruck() {
        return deletesStruck.get();
    }

    /** Whether a delete whose answer was lost had deleted its znode on the server first. */
    public boolean deletedBeforeTheLostAnswer() {
        return deletedBeforeTheLostAnswer;
    }

    /** Whether what was to happen meanwhile (a lost delete's, or a listing's) did. */
    public boolean meanwhileHappened() {
        return meanwhileHappened;
    }

    /** Waits until a watched read has been lost; false if none came within {@code budget}. */
    public boolean awaitLookLost(Duration budget) throws InterruptedException {
        return lookLost.await(budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the client has heard {@code state} (for example {@code Expired}) since it connected. */
    public boolean hasHeard(KeeperState state) {
        return ears.heard.contains(state);
    }

    /**
     * Waits until the client has heard {@code state}, and the session's news and every watcher the lock
     * has set (and that has not fired) have returned from hearing it; false if not within {@code budget}.
     */
    public boolean awaitEveryWatcherTold(KeeperState state, Duration budget) throws InterruptedException {
        return awaitUntil(() -> ears.heard.contains(state)
                && armed().stream().allMatch(watcher -> watcher.told.contains(state)), budget);
    }

    /** Waits until the lock has set a watcher that has not fired yet; false if none within {@code budget}. */
    public boolean awaitWatcherSet(Duration budget) throws InterruptedException {
        return awaitUntil(() -> !armed().isEmpty(), budget);
    }

    /** Waits until this session has set {@code count} watches on {@code path} so far; false if not within {@code budget}. */
    public boolean awaitWatchesOn(String path, int count, Duration budget) throws InterruptedException {
        return awaitUntil(() -> watchesOn(path) >= count, budget);
    }

    /** Waits until this session has set {@code count} watches so far, on any paths; false if not within {@code budget}. */
    public boolean awaitWatches(int count, Duration budget) throws InterruptedException {
        return awaitUntil(() -> watchesSet() >= count, budget);
    }

    /** How many watches this session has set so far, on any paths, fired or not. */
    public int watchesSet() {
        synchronized (ears) {
            return watched.size();
        }
    }

    /** How many watches this session has set on {@code path} so far, fired or not. */
    public int watchesOn(String path) {
        synchronized (ears) {
            return (int) watched.stream().filter(path::equals).count();
        }
    }

    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode)
            throws KeeperException, InterruptedException {
        Lost lost = nextCreate.getAndSet(null);
        if (lost == null) {
            return super.create(path, data, acl, createMode);
        }
        createsStruck.incrementAndGet();
        if (lost == Lost.ANSWER) {
            super.create(path, data, acl, createMode);
        }
        throw new KeeperException.ConnectionLossException();
    }

    /** The other synchronous creates ({@code Stat}, TTL) all come here. */
    @Override
    public String create(String path, byte[] data, List<ACL> acl, CreateMode createMode, Stat stat, long ttl)
            throws KeeperException, InterruptedException {
        Lost lost = nextCreate.getAndSet(null);
        if (lost == null) {
            return super.create(path, data, acl, createMode, stat, ttl);
        }
        createsStruck.incrementAndGet();
        if (lost == Lost.ANSWER) {
            super.create(path, data, acl, createMode, stat, ttl);
        }
        throw new KeeperException.ConnectionLossException();
    }

    @Override
    public void delete(String path, int version) throws InterruptedException, KeeperException {
        LostDelete lost = nextDelete.getAndSet(null);
        if (lost == null) {
            super.delete(path, version);
            return;
        }
        deletesStruck.incrementAndGet();
        if (lost.what() == Lost.ANSWER) {
            super.delete(path, version);
            deletedBeforeTheLostAnswer = true;
            meanwhileHappened = happen(lost.meanwhile());
        }
        throw new KeeperException.ConnectionLossException();
    }

    @Override
    public Stat exists(String path, Watcher watcher) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return super.exists(path, watcher); // no watch: nothing to track
        }
        loseIfArmed();
        Told told = wrap(watcher);
        Stat stat = super.exists(path, told);
        arm(told, path); // set either way: exists() watches a znode that is not there yet too
        return stat;
    }

    @Override
    public byte[] getData(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return super.getData(path, watcher, stat); // no watch: nothing to track
        }
        loseIfArmed();
        Told told = wrap(watcher);
        byte[] data = super.getData(path, told, stat);
        arm(told, path);
        return data;
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return afterListing(path, super.getChildren(path, watcher));
        }
        loseIfArmed();
        Told told = wrap(watcher);
        List<String> children = super.getChildren(path, told);
        arm(told, path);
        return afterListing(path, children);
    }

    @Override
    public List<String> getChildren(String path, Watcher watcher, Stat stat) throws KeeperException, InterruptedException {
        if (watcher == null) {
            return afterListing(path, super.getChildren(path, watcher, stat));
        }
        loseIfArmed();
        Told told = wrap(watcher);
        List<String> children = super.getChildren(path, told, stat);
        arm(told, path);
        return afterListing(path, children);
    }

    /** Takes back a watch the lock set: ours is wrapped, so the wrapper is what ZooKeeper knows. */
    @Override
    public void removeWatches(String path, Watcher watcher, WatcherType watcherType, boolean local)
            throws InterruptedException, KeeperException {
        super.removeWatches(path, wrapperOf(watcher), watcherType, local);
    }

    @Override
    public void removeWatches(String path, Watcher watcher, WatcherType watcherType, boolean local,
            AsyncCallback.VoidCallback callback, Object context) {
        super.removeWatches(path, wrapperOf(watcher), watcherType, local, callback, context);
    }

    private void loseIfArmed() throws KeeperException.ConnectionLossException {
        if (loseNextWatchedRead) {
            loseNextWatchedRead = false;
            lookLost.countDown();
            throw new KeeperException.ConnectionLossException();
        }
    }

    private List<String> afterListing(String path, List<String> children) throws InterruptedException {
        Listing listing = nextListing.get();
        if (listing != null && listing.path().equals(path) && nextListing.compareAndSet(listing, null)) {
            meanwhileHappened = happen(listing.meanwhile());
        }
        return children;
    }

    private static boolean happen(Meanwhile meanwhile) throws InterruptedException {
        try {
            return meanwhile.happen();
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            // The check's own step failed: it did not happen, and the check says so (inconclusive).
            return false;
        }
    }

    private Told wrap(Watcher watcher) {
        synchronized (ears) {
            return wrappers.computeIfAbsent(watcher, Told::new);
        }
    }

    private Watcher wrapperOf(Watcher watcher) {
        synchronized (ears) {
            Told told = wrappers.get(watcher);
            return told == null ? watcher : told;
        }
    }

    /** Counts a watch as set on {@code path}, unless it has fired already (a change can arrive before the call returns). */
    private void arm(Told told, String path) {
        synchronized (ears) {
            watched.add(path);
            if (!told.firedOn.remove(path)) {
                told.armedOn.add(path);
            }
            ears.notifyAll();
        }
    }

    private List<Told> armed() {
        synchronized (ears) {
            return wrappers.values().stream().filter(told -> !told.armedOn.isEmpty()).toList();
        }
    }

    /** A condition over what the session heard and set, waited for on the monitor the watchers notify. */
    private interface Condition {
        boolean holds();
    }

    private boolean awaitUntil(Condition condition, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        synchronized (ears) {
            while (!condition.holds()) {
                long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remaining <= 0) {
                    return false;
                }
                ears.wait(remaining);
            }
            return true;
        }
    }

    /** The session's default watcher, after the news: what the client heard about its connection. */
    private static final class Ears implements Watcher {

        private final Watcher connectionWatcher;
        final Set<KeeperState> heard = ConcurrentHashMap.newKeySet();

        Ears(Watcher connectionWatcher) {
            this.connectionWatcher = connectionWatcher;
        }

        @Override
        public void process(WatchedEvent event) {
            if (event.getType() == EventType.None) {
                synchronized (this) {
                    heard.add(event.getState());
                    notifyAll();
                }
            }
            connectionWatcher.process(event);
        }
    }

    /** One of the lock's watchers, where it is set, and the connection news it has returned from. */
    private final class Told implements Watcher {

        final Watcher lockWatcher;
        final Set<KeeperState> told = ConcurrentHashMap.newKeySet();
        /** Paths this watcher is set on and has not fired for. */
        final Set<String> armedOn = ConcurrentHashMap.newKeySet();
        /** Paths it fired for before the read that set it returned. */
        final Set<String> firedOn = ConcurrentHashMap.newKeySet();

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
                    } else if (!armedOn.remove(event.getPath())) {
                        firedOn.add(event.getPath()); // a watch fires once on a change of its znode, and is gone
                    }
                    ears.notifyAll();
                }
            }
        }
    }
}
