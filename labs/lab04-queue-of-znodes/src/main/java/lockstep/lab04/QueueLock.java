package lockstep.lab04;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.ConnectionNews;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A lock on one seat held as a place in a queue: every buyer creates an ephemeral sequential znode
 * in the seat's folder (such as {@code /lockstep/lab04/A1/lock-0000000007}), the first in line holds
 * the lock, and the others wait their turn.
 *
 * <p>What it must guarantee once you are done (see the README's tasks): at most one holder at a
 * time, the lowest sequence number first; a release wakes only the next in line (no herd), and a
 * waiter costs no reads while nothing changes; a lost connection on create leaves no second znode;
 * a buyer who stops waiting leaves the queue; and {@link #isHeld()} false as soon as the session may
 * be gone. Fair, not re-entrant.
 *
 * <p>One instance is one attempt: {@link #acquire} once, then {@link #release()} once. Many locks
 * share one session; the buyers of one node all do.
 */
public final class QueueLock implements DistributedLock {

    /** Every lock znode's name starts with this; ZooKeeper appends a sequence number of ten digits. */
    private static final String NAME_START = "lock-";

    private final ZooKeeper session;
    private final ConnectionNews news;
    private final String folder;
    private final byte[] owner;
    /** Our znode's name once created, such as {@code lock-0000000007}. Used by the buyer's thread only. */
    private String ourName;
    private volatile boolean held;

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
     * @return true when we hold the lock; false when {@code maxWait} ran out first
     * @throws KeeperException.SessionExpiredException if the session ended while we waited
     * @throws KeeperException if ZooKeeper could not be reached
     */
    @Override
    public boolean acquire(Duration maxWait) throws KeeperException, InterruptedException {
        // TODO(lab04): Task 4: this waits for ever, whatever maxWait says. And a buyer who stops
        //          waiting (its time is up, it is interrupted, an error) leaves its znode in the
        //          queue, where it blocks everyone behind it. Whenever acquire() ends without the
        //          lock, our znode must be gone.
        ourName = createOurZnode();
        while (true) {
            CountDownLatch changed = new CountDownLatch(1);
            // TODO(lab04): Task 2: every waiter watches the whole folder, so every buyer who joins
            //          or leaves wakes every waiter, and each looks at the queue again (the herd).
            //          Watch only the znode just before ours. When it goes, we are not necessarily
            //          first: it may have left without ever holding the lock. Look at the queue
            //          again; and if it is gone before our watch is set, do not wait for it.
            //  Task 3: a look that is lost (ConnectionLoss) is no reason to give up: look again.
            List<String> queue = session.getChildren(folder, event -> changed.countDown());
            // TODO(lab04): Task 1: ZooKeeper lists children in no order, so the first child listed
            //          is not the first in line: a buyer who joined later can come first, and two
            //          buyers can each believe they hold the lock. The lowest sequence number (the
            //          last ten digits of a name) holds it, and every child of the folder is a place
            //          in the queue, whatever its name.
            if (queue.get(0).equals(ourName)) {
                held = true;
                return true;
            }
            changed.await();
        }
    }

    /**
     * Whether we still hold the lock, as far as anyone can tell. Ask just before each step that must
     * not happen twice.
     */
    @Override
    public boolean isHeld() {
        // TODO(lab04): Task 4: this says what acquire() found once. Once the connection drops, the
        //          server may end our session and give the lock to the next in line before we hear
        //          anything more. From the first sign that the session may be gone, we may have lost
        //          the lock, for good, even if the connection comes back. The session's news counts
        //          those signs: note it before the look at the queue that makes us first.
        return held;
    }

    /**
     * Leaves the queue: deletes our znode. Safe after a failed acquire, and after the lock was lost.
     */
    @Override
    public void release() throws KeeperException, InterruptedException {
        if (!held) {
            return;
        }
        held = false;
        try {
            session.delete(folder + "/" + ourName, -1);
        } catch (KeeperException e) {
            // TODO(lab04): Task 4: a delete that got no answer (ConnectionLoss) may not have
            //          happened. Then our znode stays first in line, and everyone waits for it until
            //          our session ends. Ask again until it is answered (for at most a session
            //          timeout); a znode that is already gone is fine.
        }
    }

    @Override
    public String toString() {
        return folder + "/" + ourName;
    }

    /** Creates our znode and returns its name, such as {@code lock-0000000007}. */
    private String createOurZnode() throws KeeperException, InterruptedException {
        while (true) {
            try {
                String path = session.create(folder + "/" + NAME_START, owner, ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.EPHEMERAL_SEQUENTIAL);
                return path.substring(folder.length() + 1);
            } catch (KeeperException.NoNodeException e) {
                createFolder(); // the first buyer of this seat
            } catch (KeeperException.ConnectionLossException e) {
                // TODO(lab04): Task 3: the create may have happened, and only its answer been lost.
                //          Creating again then puts a second znode of ours in the queue, behind the
                //          first, and we wait for ourselves while that orphan holds up everyone. Give
                //          our znode a name that only this attempt can have, and look for it before
                //          creating again.
            }
        }
    }

    private void createFolder() throws KeeperException, InterruptedException {
        try {
            session.create(folder, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // Safe to ignore: another buyer created it first, and one is all we need.
        }
    }
}
