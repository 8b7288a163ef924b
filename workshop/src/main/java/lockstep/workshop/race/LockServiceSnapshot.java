package lockstep.workshop.race;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.zookeeper.ZNodes;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * What a race's lock service holds right now, in one sentence for a stall report: the locks of the lock server, or
 * the znodes under {@code /lockstep} with their owners. Best effort: a service that does not answer says so.
 */
final class LockServiceSnapshot {

    private static final String LABS_ROOT = "/lockstep";
    private static final int MOST_SHOWN = 5;
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private LockServiceSnapshot() {
    }

    /**
     * What the lock service holds.
     *
     * @param sentence    what it holds, in words; empty for a lab without a lock service
     * @param holdsALock  whether it holds at least one lock (a lock server lock, or a lock znode)
     */
    record Snapshot(String sentence, boolean holdsALock) {
    }

    /** The lock service's locks now. */
    static Snapshot of(Services services) {
        List<String> parts = new ArrayList<>();
        boolean[] holds = {false};
        services.lockServerUrl().ifPresent(url -> parts.add(lockServer(url, holds)));
        services.zookeeperConnect().ifPresent(connect -> parts.add(zooKeeper(connect, holds)));
        return new Snapshot(String.join(" ", parts), holds[0]);
    }

    private static String lockServer(String url, boolean[] holds) {
        try (LockServerClient client = LockServerClient.connect(URI.create(url))) {
            List<HeldLock> locks = client.locks();
            if (locks.isEmpty()) {
                return "The lock server holds no lock.";
            }
            holds[0] = true;
            List<String> shown = locks.stream().limit(MOST_SHOWN).map(lock -> lock.resource() + " held by "
                    + lock.owner() + (lock.expires() ? String.format(java.util.Locale.ROOT, " for another %.1f s",
                            lock.expiresInMillis() / 1000.0) : " with no expiry at all")
                    + (lock.waiting() > 0 ? ", " + lock.waiting() + " waiting" : "")).toList();
            return "The lock server holds: " + String.join("; ", shown) + ".";
        } catch (RuntimeException e) {
            return "The lock server did not answer (" + e.getMessage() + ").";
        }
    }

    /** A lock znode as a stall report names it: its path, who owns it, and its data. */
    private static String describe(ZNodes.Lock lock) {
        String owner = lock.sessionId() != 0 ? "owned by session 0x" + Long.toHexString(lock.sessionId()) : "persistent";
        String text = lock.owner().isEmpty() ? "" : ", data '" + lock.owner().replaceAll("\\s+", " ") + "'";
        return lock.path() + " (" + owner + text + ")";
    }

    private static String zooKeeper(String connect, boolean[] holds) {
        ZooKeeper observer;
        try {
            observer = ZooKeeperConnections.zooKeeper(connect, Duration.ofSeconds(10), ASK_TIMEOUT, event -> { });
        } catch (RuntimeException e) {
            return "ZooKeeper did not answer (" + e.getMessage() + ").";
        }
        try {
            List<String> znodes = ZNodes.locksUnder(observer, LABS_ROOT).stream().map(LockServiceSnapshot::describe)
                    .toList();
            if (znodes.isEmpty()) {
                return "ZooKeeper has no lock znode under " + LABS_ROOT + ".";
            }
            holds[0] = true;
            return "ZooKeeper has " + String.join("; ", znodes.subList(0, Math.min(MOST_SHOWN, znodes.size())))
                    + (znodes.size() > MOST_SHOWN ? " and " + (znodes.size() - MOST_SHOWN) + " more" : "") + ".";
        } catch (KeeperException e) {
            return "ZooKeeper could not be read (" + e.getMessage() + ").";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            ZooKeeperConnections.closeQuietly(observer);
        }
    }
}
