package lockstep.lab05;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * A seat's queue of lock znodes as the grader's own session sees it: Curator's mutex for
 * {@code /lockstep/lab05/A1} keeps one ephemeral sequential znode per holder and waiter in that
 * folder, named like {@code _c_0f3e…-lock-0000000007}; the lowest number holds the lock.
 */
final class LockQueue {

    /** How often to look again while waiting for the queue to change: observing, not guessing a delay. */
    private static final long LOOK_EVERY_MS = 5;
    private static final String SEQUENCE_MARK = "lock-";

    /**
     * One znode in the queue.
     *
     * @param name     its name, such as {@code _c_0f3e…-lock-0000000007}
     * @param session  the session that owns it (it is ephemeral)
     */
    record Place(String name, long session) {

        /** For a message: {@code lock-0000000007 of session 0x10000a3f2c0001}. */
        @Override
        public String toString() {
            return SEQUENCE_MARK + sequence(name) + " of session 0x" + Long.toHexString(session);
        }
    }

    private LockQueue() {
    }

    /** The queue of {@code lockPath}, first in line first; empty when there is none. */
    static List<Place> of(ZooKeeper observer, String lockPath) throws KeeperException, InterruptedException {
        List<String> children;
        try {
            children = new ArrayList<>(observer.getChildren(lockPath, false));
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
        children.sort(Comparator.comparing(LockQueue::sequence));
        List<Place> places = new ArrayList<>();
        for (String child : children) {
            Stat stat = observer.exists(lockPath + "/" + child, false);
            if (stat != null) {
                places.add(new Place(child, stat.getEphemeralOwner()));
            }
        }
        return places;
    }

    /** Waits until the queue of {@code lockPath} has {@code size} znodes; false if not within {@code budget}. */
    static boolean awaitSize(ZooKeeper observer, String lockPath, int size, Duration budget)
            throws KeeperException, InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (of(observer, lockPath).size() != size) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(LOOK_EVERY_MS);
        }
        return true;
    }

    /** The sequence number ZooKeeper appended, which orders the queue (the rest of the name is random). */
    private static String sequence(String name) {
        int mark = name.lastIndexOf(SEQUENCE_MARK);
        return mark < 0 ? name : name.substring(mark + SEQUENCE_MARK.length());
    }
}
