package lockstep.lab03;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher.Event.EventType;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A lock held as one ephemeral znode, such as {@code /lockstep/locks/A1}: whoever created the
 * znode holds the lock, until they delete it or their session ends.
 *
 * <p>Guarantees: at most one holder at a time, because ZooKeeper's create is atomic: of all the
 * buyers who create the znode at once, exactly one succeeds and the others are told it exists.
 * The znode is ephemeral, so it lives only as long as the session that created it: when a node
 * crashes, its locks are freed once its session expires, with nobody's help. A waiter costs no
 * reads while it waits: it sets one watch and sleeps until the znode changes. Not fair (every
 * release wakes every waiter, and whichever create arrives first wins: the herd) and not
 * re-entrant.
 *
 * <p>Session loss: the lock is only as alive as the session. {@link #isHeld()} turns false at the
 * first sign of trouble ({@code Disconnected}), not only when the server confirms it
 * ({@code Expired}): by the time that news arrives, someone else may have held the lock for a
 * while.
 *
 * <p>One instance is one attempt: {@link #acquire()} once, then {@link #release()} once. Many
 * locks may share one session; the buyers of one node all do.
 */
public final class EphemeralLock {

    private final ZooKeeper session;
    private final String lockPath;
    private final byte[] owner;
    private volatile boolean held;
    private volatile boolean lost;

    /**
     * A lock on {@code lockPath} (whose parent must exist), taken on {@code session} for
     * {@code owner}, a name unique among the session's users, such as {@code node-03/buyer-0042}.
     * The owner is the znode's data, for people reading the tree and for telling our znode from
     * another buyer's on the same session.
     */
    public EphemeralLock(ZooKeeper session, String lockPath, String owner) {
        this.session = session;
        this.lockPath = lockPath;
        this.owner = owner.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Waits until this lock holds its znode. Must be balanced by {@link #release()}.
     *
     * @throws KeeperException.SessionExpiredException if the session ended while waiting
     * @throws KeeperException if ZooKeeper cannot be reached for a whole session timeout, or refuses
     */
    public void acquire() throws KeeperException, InterruptedException {
        while (!createOurZnode()) {
            awaitChangeOfLockZnode();
        }
        held = true;
        watchOurZnode();
    }

    /**
     * Whether this lock still holds its znode, as far as anyone can tell: false after the session
     * was disconnected or expired, or the znode went, even if the connection has come back since.
     * Ask just before each step that must not happen twice.
     */
    public boolean isHeld() {
        return held && !lost;
    }

    /**
     * Lets the lock go: deletes our znode if we hold it. Safe to call when {@link #acquire()} did
     * not succeed, and more than once.
     */
    public void release() throws InterruptedException {
        if (!held) {
            return;
        }
        held = false;
        if (!held) {
            return; // the mistake: the lock forgets it is held, and its znode stays behind
        }
        try {
            deleteOurZnode();
        } catch (KeeperException.NoNodeException | KeeperException.SessionExpiredException e) {
            // Safe to ignore: the znode is gone already, deleted by the server with our session.
        } catch (KeeperException e) {
            // No answer for a whole session timeout: by now the server has ended our session, and
            // our ephemeral znode with it.
        }
    }

    /**
     * Creates the lock znode; true if this lock holds it now, false if someone else does.
     * The create itself decides: there is no moment between looking and taking.
     */
    private boolean createOurZnode() throws KeeperException, InterruptedException {
        try {
            session.create(lockPath, owner, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            return false;
        } catch (KeeperException.ConnectionLossException e) {
            // The create may have reached the server and only its answer been lost. Creating again
            // would then be told NodeExists, and we would wait for our own znode until our session
            // ended. Look whose znode is there instead.
            return isOurZnode();
        }
    }

    /** Waits, with a watch, until the lock znode changes (or the connection does). */
    private void awaitChangeOfLockZnode() throws KeeperException, InterruptedException {
        CountDownLatch changed = new CountDownLatch(1);
        try {
            // Every waiter watches the same znode, so every release wakes all of them: the herd.
            if (session.exists(lockPath, event -> changed.countDown()) == null) {
                return; // released between our create and this look: create again at once
            }
        } catch (KeeperException.ConnectionLossException e) {
            return; // we cannot look now; the next create tells us where we stand
        }
        // A watch fires once, on any change to the znode, and on any change of the connection.
        changed.await();
    }

    /** From now on, any sign that the session may be gone means the lock may be gone too. */
    private void watchOurZnode() throws InterruptedException {
        try {
            if (session.exists(lockPath, this::onEventWhileHeld) == null) {
                lost = true; // gone already: our session ended between the create and this look
            }
        } catch (KeeperException e) {
            lost = true; // we cannot even look: assume the worst
        }
    }

    private void onEventWhileHeld(WatchedEvent event) {
        // Connected again (SyncConnected, no znode event) only follows a Disconnected we have
        // acted on. Everything else (Disconnected, Expired, Closed, our znode deleted or changed)
        // means we may no longer hold the lock.
        if (event.getType() != EventType.None || event.getState() != KeeperState.SyncConnected) {
            lost = true;
        }
    }

    /** Deletes the lock znode if it is ours; after a sign of trouble it may be someone else's. */
    private void deleteOurZnode() throws KeeperException, InterruptedException {
        while (true) {
            try {
                if (!lost || isOurZnode()) {
                    session.delete(lockPath, -1);
                }
                return;
            } catch (KeeperException.ConnectionLossException e) {
                // The delete may have happened; if so, the znode there now is not ours. Look first.
                lost = true;
            }
        }
    }

    /**
     * Whether the lock znode exists and this lock created it: our session owns it (its
     * {@code ephemeralOwner}) and it holds our owner name (the buyers of one node share a session).
     * While the connection is down, asks again until it is back, for at most one session timeout:
     * after that long without us, the server has expired our session and deleted the znode.
     */
    private boolean isOurZnode() throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + session.getSessionTimeout() * 1_000_000L;
        while (true) {
            try {
                Stat stat = new Stat();
                byte[] data = session.getData(lockPath, false, stat);
                return stat.getEphemeralOwner() == session.getSessionId() && Arrays.equals(data, owner);
            } catch (KeeperException.NoNodeException e) {
                return false;
            } catch (KeeperException.ConnectionLossException e) {
                if (!session.getState().isAlive() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                // The client is reconnecting: a request made now waits for it, or fails at its next try.
            }
        }
    }
}
