package lockstep.workshop.race;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.zookeeper.ZNodes;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * What a race's lock service holds right now, in one sentence for a stall report: the locks of the lock server, the
 * znodes under {@code /lockstep} with their owners, or the keys on each Redis server. Best effort: a service that does
 * not answer says so.
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
        if (services.redisServers().isPresent()) {
            parts.add(redis(services.requireRedis(), holds));
        }
        return new Snapshot(String.join(" ", parts), holds[0]);
    }

    /** Each key on the Redis servers, with the servers that hold it and its value on the first of them. */
    private static String redis(List<HostAndPort> servers, boolean[] holds) {
        Map<String, List<String>> holders = new TreeMap<>();
        Map<String, String> values = new HashMap<>();
        List<String> silent = new ArrayList<>();
        for (int server = 0; server < servers.size(); server++) {
            try (Jedis client = RedisConnections.jedis(servers.get(server), ASK_TIMEOUT)) {
                for (String key : client.keys("*")) {
                    holders.computeIfAbsent(key, k -> new ArrayList<>()).add(Integer.toString(server));
                    String value = client.get(key);
                    long millisLeft = client.pttl(key);
                    values.putIfAbsent(key, "'" + value + "'" + (millisLeft < 0 ? " with no expiry at all"
                            : String.format(java.util.Locale.ROOT, " for another %.1f s", millisLeft / 1000.0)));
                }
            } catch (RuntimeException e) {
                silent.add(Integer.toString(server));
            }
        }
        String missing = silent.isEmpty() ? "" : " Redis server " + String.join(", ", silent) + " did not answer.";
        if (holders.isEmpty()) {
            return "No Redis server holds a key." + missing;
        }
        holds[0] = true;
        List<String> shown = holders.entrySet().stream().limit(MOST_SHOWN).map(entry -> entry.getKey() + " on "
                + entry.getValue().size() + " of " + servers.size() + " servers (" + String.join(", ", entry.getValue())
                + "), " + values.get(entry.getKey())).toList();
        return "Redis holds " + String.join("; ", shown) + "." + missing;
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
