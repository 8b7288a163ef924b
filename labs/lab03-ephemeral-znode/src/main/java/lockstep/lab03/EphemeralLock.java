package lockstep.lab03;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A lock held as one ephemeral znode, such as {@code /lockstep/locks/A1}: whoever created the
 * znode holds the lock, until they delete it or their session ends.
 *
 * <p>What it must guarantee once you are done (see the README's tasks): at most one holder at a
 * time, decided by ZooKeeper's atomic create; a crashed holder's lock freed when its session
 * expires; no reads while waiting (a watch wakes the waiter); and {@link #isHeld()} false as soon
 * as the session may be gone. Not fair, not re-entrant.
 *
 * <p>One instance is one attempt: {@link #acquire()} once, then {@link #release()} once. Many
 * locks may share one session; the buyers of one node all do.
 */
public final class EphemeralLock {

    /** How long the starter sleeps between two looks at the lock znode. */
    private static final long POLL_INTERVAL_MS = 50;

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
        // TODO(lab03): this looks, then acts, and it polls.
        //  Task 1: between the look and the create, another node can create the znode too. Its
        //          create wins, ours fails with NodeExists, and our buyer is told "failed" when all
        //          they had to do was wait. The create alone must decide: either it makes us the
        //          holder, or it tells us that someone else is.
        //  Task 2: while someone holds the lock, every look is a read on the server: 20 a second
        //          for each waiter. A waiter must cost nothing while nothing changes, and ZooKeeper
        //          can tell it when something does. Whatever wakes it (the znode, or news of the
        //          connection), the next create tells it where it stands; a waiter whose session
        //          has ended must stop waiting.
        //  Task 3: after a ConnectionLoss, our request may or may not have happened. If our create
        //          reached the server, the znode is ours, and creating again only says NodeExists.
        //          Find out whose znode it is instead of guessing; and a lost look is no reason to
        //          give up.
        //  Task 4 is in isHeld().
        while (session.exists(lockPath, false) != null) {
            Thread.sleep(POLL_INTERVAL_MS); // someone holds it: look again in a moment
        }
        session.create(lockPath, owner, ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        held = true;
    }

    /**
     * Whether this lock still holds its znode, as far as anyone can tell: false after the session
     * was disconnected or expired, or the znode went, even if the connection has come back since.
     * Ask just before each step that must not happen twice.
     */
    public boolean isHeld() {
        // TODO(lab03): Task 4: this believes the lock is held for ever once created. But the znode
        //  lives only as long as the session: when the server ends it, the znode goes, and the next
        //  buyer gets the lock while this one still says yes. From the moment we hold the lock,
        //  isHeld() must turn false at the first sign that the znode may be gone (our connection
        //  dropped: the server may have expired us already; the session expired; the znode
        //  changed), and stay false. Asking the client whether it is connected is not enough: it
        //  says CONNECTED for a second or more after the connection dropped.
        return held;
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
        try {
            deleteOurZnode();
        } catch (KeeperException.NoNodeException | KeeperException.SessionExpiredException e) {
            // Safe to ignore: the znode is gone already, deleted by the server with our session.
        } catch (KeeperException e) {
            // No answer for a whole session timeout: by now the server has ended our session, and
            // our ephemeral znode with it.
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
