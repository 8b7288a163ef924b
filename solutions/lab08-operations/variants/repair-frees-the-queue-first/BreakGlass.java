package lockstep.lab08;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The operator's break-glass: it reopens a seat whose lock is held by a job that hangs, alive, so that its session
 * never ends. This is the second file you work on.
 *
 * <p>What it must guarantee when you are done: it never waits on the seat's lock (the job will never let go); once it
 * returns, the stuck holder's writes are refused by both fenced resources, and every later holder's are taken; the
 * next buyer in line holds the lock; it works, all but the last step, when ZooKeeper does not answer at all; and it
 * leaves a record of who broke the glass, when and why.
 */
public final class BreakGlass {

    /** How long the break-glass waits for ZooKeeper before it fences without it. */
    static final long ZOOKEEPER_WAIT_MS = 1_000;

    private BreakGlass() {
    }

    /** Reopens {@code seat}: fence first, then free the queue. See {@link Lab08#breakGlass}. */
    public static Reopening reopen(Connection seatDatabase, CuratorFramework zooKeeper, String lockFolder, String seat,
            String operator, String reason) throws SQLException, InterruptedException {
        Head head = zooKeeper.blockUntilConnected((int) ZOOKEEPER_WAIT_MS, TimeUnit.MILLISECONDS)
                ? headOfQueue(zooKeeper, lockFolder) : Head.UNKNOWN;
        // The head's token may be newer than any the resources have seen: a holder that took the lock and has not
        // written yet. Without ZooKeeper we fence at the newest token the resources know.
        // Free the line first, so that the next buyer waits no longer than he must; then fence.
        boolean freed = head.known() && (head.path() == null || remove(zooKeeper, head.path()));
        long token = fence(seatDatabase, seat, head.token(), operator, reason);
        return new Reopening(seat, token, freed);
    }

    /**
     * Moves both fences of {@code seat} onto the newest token there is, as a holder nobody else is, and records the
     * break, in one transaction. Onto, not past it: the first waiter behind the stuck holder may carry exactly the
     * next token, and it must be let in.
     */
    private static long fence(Connection seatDatabase, String seat, long headToken, String operator, String reason)
            throws SQLException {
        seatDatabase.setAutoCommit(false);
        try {
            long token = headToken;
            try (PreparedStatement highest = seatDatabase.prepareStatement(
                    "SELECT token FROM fence WHERE seat = ? FOR UPDATE")) {
                highest.setString(1, seat);
                try (ResultSet rows = highest.executeQuery()) {
                    while (rows.next()) {
                        token = Math.max(token, rows.getLong(1));
                    }
                }
            }
            try (PreparedStatement move = seatDatabase.prepareStatement(
                    "UPDATE fence SET token = ?, holder = ? WHERE seat = ?")) {
                move.setLong(1, token);
                move.setString(2, "glass broken by " + operator);
                move.setString(3, seat);
                move.executeUpdate();
            }
            try (PreparedStatement record = seatDatabase.prepareStatement("INSERT INTO glass_broken"
                    + " (seat, operator, reason, token, broken_at) VALUES (?, ?, ?, ?, ?)")) {
                record.setString(1, seat);
                record.setString(2, operator);
                record.setString(3, reason);
                record.setLong(4, token);
                record.setLong(5, System.currentTimeMillis());
                record.executeUpdate();
            }
            seatDatabase.commit();
            return token;
        } catch (SQLException | RuntimeException e) {
            seatDatabase.rollback();
            throw e;
        } finally {
            seatDatabase.setAutoCommit(true);
        }
    }

    /** The lock node at the head of the seat's queue: the holder's, with its token. */
    private static Head headOfQueue(CuratorFramework zooKeeper, String lockFolder) {
        try {
            if (zooKeeper.checkExists().forPath(lockFolder) == null) {
                return Head.NONE;
            }
            Optional<String> first = zooKeeper.getChildren().forPath(lockFolder).stream()
                    .min(Comparator.comparing(BreakGlass::sequenceOf));
            Stat stat = first.isEmpty() ? null : zooKeeper.checkExists().forPath(lockFolder + "/" + first.get());
            return stat == null ? Head.NONE : new Head(true, lockFolder + "/" + first.get(), stat.getCzxid());
        } catch (Exception e) {
            return Head.UNKNOWN;
        }
    }

    /** Removes the stuck holder's node: the next waiter, who watches it, is granted the lock. */
    private static boolean remove(CuratorFramework zooKeeper, String lockNode) {
        try {
            zooKeeper.delete().forPath(lockNode);
            return true;
        } catch (KeeperException.NoNodeException gone) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Curator's lock nodes end in a ten-digit sequence number; the smallest is the holder's. */
    private static String sequenceOf(String lockNode) {
        return lockNode.substring(Math.max(0, lockNode.length() - 10));
    }

    /**
     * What ZooKeeper said of the seat's queue.
     *
     * @param known  whether it answered
     * @param path   the head's lock node, or null when the queue is empty or unknown
     * @param token  the head's creation zxid, or 0
     */
    private record Head(boolean known, String path, long token) {

        static final Head UNKNOWN = new Head(false, null, 0);
        static final Head NONE = new Head(true, null, 0);
    }
}
