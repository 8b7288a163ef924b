package lockstep.lab07;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Services;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisPersistence;
import lockstep.workshop.redis.RedisServers;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * Redis servers that a check starts for itself, on free ports (never the 6379 to 6383 of {@code redis start}), and
 * the grader's own way of looking at them: straight to each server, never through the learner's code or a proxy.
 */
final class GraderRedis implements AutoCloseable {

    /** How often to look again at a key that should come or go: observing the servers, not guessing a delay. */
    private static final long LOOK_EVERY_MILLIS = 2;

    private final RedisServers servers;

    private GraderRedis(RedisServers servers) {
        this.servers = servers;
    }

    /** {@code count} servers that keep nothing on disk. */
    static GraderRedis start(int count) throws IOException {
        return start(count, RedisPersistence.NONE);
    }

    /** {@code count} servers that keep {@code persistence} on disk. */
    static GraderRedis start(int count, RedisPersistence persistence) throws IOException {
        return new GraderRedis(RedisServers.of(count).persistence(persistence).start());
    }

    /** The servers themselves, for the faults that kill, restart or pause them. */
    RedisServers servers() {
        return servers;
    }

    int size() {
        return servers.size();
    }

    /** Every server's address, in order. */
    List<HostAndPort> addresses() {
        return servers.addresses();
    }

    /** The services to give a race or a node: every server, in order. */
    Services services() {
        return Services.redis(addresses());
    }

    /** The value of {@code key} on {@code server}, or null when it has none (or is down). */
    String valueOn(int server, String key) {
        try (Jedis client = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
            return client.get(key);
        } catch (JedisException | lockstep.workshop.redis.RedisUnavailableException e) {
            return null;
        }
    }

    /** How many milliseconds {@code key} has left on {@code server}: -1 for no expiry at all, -2 when it is not there. */
    long millisLeft(int server, String key) {
        try (Jedis client = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
            return client.pttl(key);
        }
    }

    /** The servers (numbered from 0) on which {@code key} is there now, of those that are running. */
    List<Integer> holdersOf(String key) {
        List<Integer> holders = new ArrayList<>();
        for (int server = 0; server < servers.size(); server++) {
            if (servers.isRunning(server) && valueOn(server, key) != null) {
                holders.add(server);
            }
        }
        return holders;
    }

    /** Every key on every running server, as {@code server: key=value}, for a failure message. */
    List<String> everyKey() {
        List<String> keys = new ArrayList<>();
        for (int server = 0; server < servers.size(); server++) {
            if (!servers.isRunning(server)) {
                continue;
            }
            try (Jedis client = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
                for (String key : client.keys("*")) {
                    keys.add("server " + server + ": " + key + "=" + client.get(key));
                }
            }
        }
        return keys;
    }

    /** Sets {@code key} to {@code value} on {@code server} for {@code ttl}, as another holder would have. */
    void setOn(int server, String key, String value, Duration ttl) {
        try (Jedis client = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
            client.set(key, value, SetParams.setParams().px(ttl.toMillis()));
        }
    }

    /** Waits until {@code key} is on each of {@code wanted} servers; false if it is not within {@code budget}. */
    boolean awaitKeyOn(List<Integer> wanted, String key, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (!holdersOf(key).containsAll(wanted)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(LOOK_EVERY_MILLIS);
        }
        return true;
    }

    /** Waits until no running server has {@code key}; false if one still has it after {@code budget}. */
    boolean awaitKeyGone(String key, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (!holdersOf(key).isEmpty()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(LOOK_EVERY_MILLIS);
        }
        return true;
    }

    /** Kills every server and deletes their folders. */
    @Override
    public void close() {
        servers.close();
    }
}
