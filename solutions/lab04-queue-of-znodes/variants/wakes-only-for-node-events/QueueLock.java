package lockstep.lab04;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.ConnectionNews;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A lock on one seat held as a place in a queue: every buyer creates an ephemeral sequential znode
 * in the seat's folder (such as {@code /lockstep/lab04/A1/lock-<uuid>-0000000007}), the lowest
 * sequence number holds the lock, and each waiter watches only the znode just before its own.
 *
 * <p>Guarantees: at most one holder at a time, because ZooKeeper hands out sequence numbers in one
 * order that every client sees. Fair: the lock passes in the order the creates reached the server.
 * A release wakes exactly one waiter, the next in line (no herd), and a waiter costs no reads while
 * nothing changes. A waiter that gives up, is interrupted or loses its session leaves no znode
 * behind, and the one behind it looks at the queue again instead of assuming it is first. Not
 * re-entrant.
 *
 * <p>Connection loss: every znode name carries a prefix unique to this attempt, so after a
 * {@code ConnectionLoss} on create the lock can find out whether its create happened, and a delete
 * asked again after {@code ConnectionLoss} can never hit another buyer's znode.
 *
 * <p>Session loss: {@link #isHeld()} turns false as soon as the session's {@link ConnectionNews}
 * says the connection dropped (or the session ended) after the look that made us first, for good.
 *
 * <p>One instance is one attempt: {@link #acquire} once, then {@link #release()} once. Many locks
 * share one session; the buyers of one node all do.
 */
public final class QueueLock implements DistributedLock {

    /** Every lock znode's name starts with this; the sequence number ZooKeeper appends ends it. */
    private static final String NAME_START = "lock-";
    /** ZooKeeper appends a sequence number of ten digits, padded with zeros. */
    private static final int SEQUENCE_DIGITS = 10;
    /** The queue's order: by sequence number, never by the whole name (the unique prefixes are random). */
    private static final Comparator<String> BY_SEQUENCE = Comparator.comparing(QueueLock::sequenceOf);

    private final ZooKeeper session;
    private final ConnectionNews news;
    private final String folder;
    private final byte[] owner;
    /** Unique to this attempt, so that our znode can be told from every other, even on our session. */
    private final String ourPrefix = NAME_START + UUID.randomUUID() + "-";
    /** Our znode's name once created; null before, and again once it is deleted. Used by the buyer's thread only. */
    private String ourName;
    private volatile boolean held;
    /** The session's drops counted just before the look at the queue that made us first. */
    private volatile long dropsWhenFirst;

    /**
     * A lock in {@code folder} (the seat's folder, such as {@code /lockstep/lab04/A1}; created if
     * missing, its parent must exist), taken on {@code session}, whose {@code news} says when its
     * connection drops, for {@code owner}, such as {@code node-03/buyer-0042}. The owner is our
     * znode's data, for people reading the tree.
     */
    public QueueLock(ZooKeeper session, ConnectionNews news, String folder, String owner) {
        this.session = session;
        this.news = news;
        this.folder = folder;
        this.owner = owner.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Joins the queue and waits until we are first in it, for at most {@code maxWait}. Must be
     * balanced by {@link #release()}.
     *
     * @return true when we hold the lock; false when {@code maxWait} ran out first (our znode is
     *     deleted again)
     * @throws KeeperException.SessionExpiredException if the session ended while we waited
     * @throws KeeperException if ZooKeeper could not be reached for a whole session timeout
     * @throws InterruptedException if interrupted while waiting (our znode is deleted again)
     */
    @Override
    public boolean acquire(Duration maxWait) throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        ourName = createOurZnode();
        try {
            if (!waitUntilFirst(deadline)) {
                deleteOurZnode(); // maxWait ran out: leave the queue, so that nobody waits behind us
                return false;
            }
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            deleteOurZnodeQuietly(e);
            throw e;
        }
        held = true;
        return true;
    }

    /**
     * Whether we still hold the lock, as far as anyone can tell: false from the moment the
     * connection dropped or the session ended after we became first, even if it is back since.
     */
    @Override
    public boolean isHeld() {
        return held && !news.droppedSince(dropsWhenFirst);
    }

    /**
     * Leaves the queue: deletes our znode. Safe after a failed acquire (nothing to do) and after the
     * lock was lost (our znode's name is ours alone, so deleting it cannot hit anyone else's).
     *
     * @throws KeeperException if ZooKeeper could not be reached for a whole session timeout; by then
     *     the server has ended our session, and our znode with it
     */
    @Override
    public void release() throws KeeperException, InterruptedException {
        if (!held) {
            return; // acquire() did not succeed, and left nothing behind
        }
        held = false;
        deleteOurZnode();
    }

    @Override
    public String toString() {
        return folder + "/" + (ourName == null ? ourPrefix + "…" : ourName);
    }

    /**
     * Creates our znode and returns its name. After a {@code ConnectionLoss} we cannot know whether
     * the create happened: a create again would, if it had, put a second znode of ours in the queue,
     * behind the first, and we would wait for ourselves. So we look for our prefix first.
     */
    private String createOurZnode() throws KeeperException, InterruptedException {
        while (true) {
            try {
                String path = session.create(folder + "/" + ourPrefix, owner, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.EPHEMERAL_SEQUENTIAL);
                return path.substring(folder.length() + 1);
            } catch (KeeperException.NoNodeException e) {
                createFolder(); // the first buyer of this seat
            } catch (KeeperException.ConnectionLossException e) {
                Optional<String> found = findOurZnode();
                if (found.isPresent()) {
                    return found.get(); // the create happened; only its answer was lost
                }
                // The create never reached the server: nothing of ours is there, create again.
            }
        }
    }

    /**
     * Waits, one watch at a time, until our znode is the first in the queue.
     *
     * @return true once we are first; false if the deadline passed first
     */
    private boolean waitUntilFirst(long deadline) throws KeeperException, InterruptedException {
        while (true) {
            // Read the news before the look: a drop after the look that makes us first must count.
            long drops = news.drops();
            List<String> queue = queue();
            int ourPlace = queue.indexOf(ourName);
            if (ourPlace < 0) {
                // Our session lives (the look would have said SessionExpired), so someone deleted our
                // znode by hand. Without it we have no place in the queue, and no right to the lock.
                throw new KeeperException.NoNodeException(ourPath() + " was deleted while we waited in the queue");
            }
            if (ourPlace == 0) {
                dropsWhenFirst = drops;
                return true;
            }
            // Watch only the znode just before ours: its going wakes us, and nobody else.
            if (!awaitChangeOf(queue.get(ourPlace - 1), deadline)) {
                return false;
            }
            // Woken: the one before us left the queue, but it may have given up rather than held the
            // lock, and someone may still be ahead of it. Look at the queue again; never assume.
        }
    }

    /**
     * Sets a watch on {@code predecessor} and waits until it fires (the znode went, or the
     * connection changed). Returns at once if it is gone already, and without waiting if the look
     * was lost: either way the next look at the queue tells us where we stand.
     *
     * @return false if the deadline passed while we waited
     */
    private boolean awaitChangeOf(String predecessor, long deadline) throws KeeperException, InterruptedException {
        CountDownLatch changed = new CountDownLatch(1);
        Watcher wakeUp = event -> {
            if (event.getType() != Watcher.Event.EventType.None) { // Mistake: deaf to the connection's news
                changed.countDown();
            }
        };
        String path = folder + "/" + predecessor;
        try {
            // getData rather than exists: on a znode that is gone already, exists would leave a
            // watch for its creation, which never comes (sequence numbers are not reused).
            session.getData(path, wakeUp, null);
        } catch (KeeperException.NoNodeException | KeeperException.ConnectionLossException e) {
            return true; // gone already, or we could not look: look at the queue again
        }
        long remaining = deadline - System.nanoTime();
        try {
            if (remaining > 0 && changed.await(remaining, TimeUnit.NANOSECONDS)) {
                return true;
            }
        } catch (InterruptedException e) {
            removeWatchesQuietly(path);
            throw e;
        }
        // We stop waiting: take the watch back, so that its going notifies nobody. Only the znode just
        // behind a znode ever watches it, so every watch our session has on it is ours.
        removeWatchesQuietly(path);
        return false;
    }

    /**
     * Deletes our znode, asking again after each {@code ConnectionLoss} for up to one session
     * timeout. A second delete of our name is safe: no other buyer's znode can have it. After that
     * long without an answer, the server has ended our session, and our znode with it.
     */
    private void deleteOurZnode() throws KeeperException, InterruptedException {
        String path = ourPath();
        untilAnswered(() -> {
            try {
                session.delete(path, -1);
            } catch (KeeperException.NoNodeException | KeeperException.SessionExpiredException e) {
                // Safe to ignore: an earlier delete whose answer was lost went through, or our session
                // ended, which deleted the znode.
            }
            return null;
        });
        ourName = null;
    }

    /** Leaves the queue on the way out of a failed acquire; a failure to do so travels with the first one. */
    private void deleteOurZnodeQuietly(Exception cause) {
        try {
            deleteOurZnode();
        } catch (KeeperException | InterruptedException | RuntimeException cleanupFailure) {
            if (cleanupFailure instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            cause.addSuppressed(cleanupFailure);
        }
    }

    /**
     * After a {@code ConnectionLoss} on create: the name of our znode if the create reached the
     * server. Only our session can have made a znode with our prefix; we check that it did, as a
     * client that opens a new session after an expiry must (an old session's znode is not ours to keep).
     */
    private Optional<String> findOurZnode() throws KeeperException, InterruptedException {
        List<String> children = untilAnswered(() -> session.getChildren(folder, false));
        for (String child : children) {
            if (child.startsWith(ourPrefix)) {
                Stat stat = untilAnswered(() -> session.exists(folder + "/" + child, false));
                if (stat != null && stat.getEphemeralOwner() == session.getSessionId()) {
                    return Optional.of(child);
                }
            }
        }
        return Optional.empty();
    }

    /** Every znode in the folder is a place in the queue, first in line first. A lost look is asked again. */
    private List<String> queue() throws KeeperException, InterruptedException {
        List<String> children = untilAnswered(() -> session.getChildren(folder, false));
        return children.stream().sorted(BY_SEQUENCE).toList();
    }

    private void createFolder() throws KeeperException, InterruptedException {
        try {
            session.create(folder, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // Safe to ignore: another buyer created it first, and one is all we need.
        }
    }

    /**
     * Removes our session's watches on {@code path}, on the server too. (Removing one watcher by
     * object, with {@code removeWatches}, only forgets it in the client: the server keeps the watch
     * and still sends its notification.)
     */
    private void removeWatchesQuietly(String path) throws InterruptedException {
        try {
            session.removeAllWatches(path, WatcherType.Data, false);
        } catch (KeeperException e) {
            // Safe to ignore: the watch fired already (NoWatcher), or we cannot reach the server; then
            // it costs one notification that wakes nobody, or goes with our session.
        }
    }

    private String ourPath() {
        return folder + "/" + ourName;
    }

    private static String sequenceOf(String name) {
        return name.substring(Math.max(0, name.length() - SEQUENCE_DIGITS));
    }

    /** One request to ZooKeeper. */
    private interface Request<T> {
        T send() throws KeeperException, InterruptedException;
    }

    /**
     * Sends {@code request}, again after each {@code ConnectionLoss} while the client reconnects, for
     * at most one session timeout: after that long without us, the server has expired our session.
     */
    private <T> T untilAnswered(Request<T> request) throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(session.getSessionTimeout());
        while (true) {
            try {
                return request.send();
            } catch (KeeperException.ConnectionLossException e) {
                if (!session.getState().isAlive() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                // The client is reconnecting: a request sent now waits for it, or fails at its next try.
            }
        }
    }
}
