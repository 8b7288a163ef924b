package lockstep.workshop.zookeeper;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Who holds a lock in ZooKeeper, by ZooKeeper's own word: the session that owns the lock's znode. Nothing the holder
 * believes enters into it, so a fault can be aimed at the holder's session (the member it is connected to) and a
 * grader can tell who held a lock when.
 *
 * <p>Two shapes of lock are read: one ephemeral znode at the lock's path (Lab 03), and a queue of ephemeral sequential
 * znodes under it (the recipe of Lab 04, Curator's mutex), whose holder is the znode with the lowest sequence number.
 * ZooKeeper appends that number as the last ten digits of the name; the rest of a name may be random (Curator's
 * {@code _c_<uuid>-lock-0000000007}), so the queue is ordered by those digits alone.
 *
 * @param znode    the holder's znode, such as {@code /lockstep/lab08/A1/_c_0f3e…-lock-0000000007}
 * @param session  the session that owns it
 * @param createdZxid the zxid of the transaction that created it (its {@code czxid}): ZooKeeper numbers every change
 *                 in one order, so this is the grant's place in the history of the whole service
 */
public record LockHolder(String znode, long session, long createdZxid) {

    private static final int SEQUENCE_DIGITS = 10;

    public LockHolder {
        Objects.requireNonNull(znode, "znode");
    }

    /**
     * The holder of the lock at {@code lockPath}, as {@code observer}'s server sees it now; empty when nobody holds it
     * (no znode there, or a folder with no sequential children).
     */
    public static Optional<LockHolder> of(ZooKeeper observer, String lockPath) throws KeeperException,
            InterruptedException {
        Stat lock = observer.exists(lockPath, false);
        if (lock == null) {
            return Optional.empty();
        }
        if (lock.getEphemeralOwner() != 0) {
            return Optional.of(new LockHolder(lockPath, lock.getEphemeralOwner(), lock.getCzxid()));
        }
        List<String> queue;
        try {
            queue = observer.getChildren(lockPath, false).stream().filter(LockHolder::isSequential)
                    .sorted(Comparator.comparing(LockHolder::sequence)).toList();
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty(); // the folder went as we looked: a container that emptied
        }
        for (String name : queue) {
            String znode = lockPath + "/" + name;
            Stat stat = observer.exists(znode, false);
            if (stat != null && stat.getEphemeralOwner() != 0) {
                return Optional.of(new LockHolder(znode, stat.getEphemeralOwner(), stat.getCzxid()));
            }
            // Gone between the listing and the look: the lock has passed to the next in line, so look at that one.
        }
        return Optional.empty();
    }

    /** The session in the hexadecimal form ZooKeeper's own logs and four-letter words use: {@code 0x1000a3f2c0001}. */
    public String sessionInHex() {
        return "0x" + Long.toHexString(session);
    }

    private static boolean isSequential(String name) {
        return name.length() >= SEQUENCE_DIGITS && name.substring(name.length() - SEQUENCE_DIGITS).chars()
                .allMatch(Character::isDigit);
    }

    private static String sequence(String name) {
        return name.substring(name.length() - SEQUENCE_DIGITS);
    }
}
