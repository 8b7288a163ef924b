package lockstep.workshop.lab;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import redis.clients.jedis.HostAndPort;

/**
 * The outside services a lab's nodes talk to, each present only when the lab needs it.
 *
 * @param zookeeper   a ZooKeeper connect string such as {@code 127.0.0.1:2181}, or null
 * @param lockServer  the TTL lock server's base URL such as {@code http://127.0.0.1:14000}, or null
 * @param redis       the Redis servers, comma-separated, such as {@code 127.0.0.1:6379,127.0.0.1:6380}, or null
 */
public record Services(String zookeeper, String lockServer, String redis) {

    /** No services: Lab 01 needs only the seat database. */
    public static final Services NONE = new Services(null, null, null);

    /** ZooKeeper or the lock server, and no Redis. */
    public Services(String zookeeper, String lockServer) {
        this(zookeeper, lockServer, null);
    }

    /** Only the Redis servers at {@code addresses}, in order. */
    public static Services redis(List<HostAndPort> addresses) {
        return new Services(null, null, String.join(",", addresses.stream().map(HostAndPort::toString).toList()));
    }

    public Optional<String> zookeeperConnect() {
        return Optional.ofNullable(zookeeper);
    }

    public Optional<String> lockServerUrl() {
        return Optional.ofNullable(lockServer);
    }

    /** The Redis servers as given, comma-separated, if any. */
    public Optional<String> redisServers() {
        return Optional.ofNullable(redis);
    }

    /** The ZooKeeper connect string; fails with a clear message when the lab was given none. */
    public String requireZookeeper() {
        return zookeeperConnect().orElseThrow(() -> new IllegalStateException(
                "this lab needs ZooKeeper, but no connect string was given (pass --zk)"));
    }

    /** The lock server's URL; fails with a clear message when the lab was given none. */
    public String requireLockServer() {
        return lockServerUrl().orElseThrow(() -> new IllegalStateException(
                "this lab needs the lock server, but no URL was given (pass --server)"));
    }

    /** Every Redis server's address, in order; fails with a clear message when the lab was given none. */
    public List<HostAndPort> requireRedis() {
        String given = redisServers().orElseThrow(() -> new IllegalStateException(
                "this lab needs Redis servers, but none were given (pass --redis)"));
        return Arrays.stream(given.split(",")).map(String::trim).map(HostAndPort::from).toList();
    }
}
