package lockstep.workshop.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One node's clients of several independent Redis servers, as a Redis lock lab's node holds them (Lab 07): a client per
 * server, in the order given, and the time to live its locks ask for.
 *
 * <p>Each client is thread-safe (the node's buyers share it) and keeps a few connections, which it opens when it needs
 * them and again after one broke: so a server that is down counts against a lock only while it is down, and counts
 * again once it is back. Every command has a time limit, from opening the connection to the last byte of the answer;
 * a command that runs out of it (a server paused, slow, or unreachable) throws a {@link JedisException}, and the server
 * may or may not have carried it out. A server that is down refuses the connection, and the command fails at once.
 */
public final class RedisClients implements AutoCloseable {

    /** As many connections per server as a node has buyers at once, at most (a race's node has up to 64 counters). */
    private static final int CONNECTIONS_PER_SERVER = 64;

    private final List<HostAndPort> addresses;
    private final List<RedisClient> servers;
    private final Duration ttl;
    private final Duration commandTimeout;

    private RedisClients(List<HostAndPort> addresses, List<RedisClient> servers, Duration ttl, Duration commandTimeout) {
        this.addresses = List.copyOf(addresses);
        this.servers = List.copyOf(servers);
        this.ttl = ttl;
        this.commandTimeout = commandTimeout;
    }

    /**
     * Clients of the servers at {@code addresses}, whose every command gives up after {@code commandTimeout}, for locks
     * that live {@code ttl}. Each server is asked once (PING), so that the connections a node's first buyers need are
     * open before they press Buy; a server that does not answer now is not an error, and is asked again when a lock
     * needs it.
     *
     * @throws IllegalArgumentException if there is no address, or a time is not positive
     */
    public static RedisClients open(List<HostAndPort> addresses, Duration ttl, Duration commandTimeout) {
        if (addresses.isEmpty()) {
            throw new IllegalArgumentException("a node needs at least one Redis server to lock on, but was given none");
        }
        requirePositive(ttl, "a lock's time to live");
        requirePositive(commandTimeout, "a command's time limit");
        int millis = Math.toIntExact(commandTimeout.toMillis());
        JedisClientConfig configuration = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                // RESP2, which every Redis understands, and no CLIENT SETINFO (Redis 6.2 does not know it): a new
                // connection costs one round trip, not three.
                .autoNegotiateProtocol(false)
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
                .build();
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(CONNECTIONS_PER_SERVER);
        pool.setMaxIdle(CONNECTIONS_PER_SERVER);
        pool.setMaxWait(commandTimeout);
        // No background PINGs on idle connections: the servers see the locks' own commands and nothing else, so a
        // fault aimed at the next command lands on a lock's command, and a paused server fills no log with warnings.
        pool.setTestWhileIdle(false);
        pool.setTimeBetweenEvictionRuns(Duration.ofMillis(-1));
        List<RedisClient> servers = new ArrayList<>();
        for (HostAndPort address : addresses) {
            RedisClient client = RedisClient.builder().hostAndPort(address).clientConfig(configuration)
                    .poolConfig(pool).build();
            servers.add(client);
            pingQuietly(client);
        }
        return new RedisClients(addresses, servers, ttl, commandTimeout);
    }

    /** One client per server, in the order the servers were given. */
    public List<RedisClient> servers() {
        return servers;
    }

    /** Where each server listens, in the same order. */
    public List<HostAndPort> addresses() {
        return addresses;
    }

    /** How long a lock taken through these clients lives on each server, unless it is released first. */
    public Duration ttl() {
        return ttl;
    }

    /** How long one command may take before it fails. */
    public Duration commandTimeout() {
        return commandTimeout;
    }

    /** Closes every client and its connections. */
    @Override
    public void close() {
        servers.forEach(RedisClient::close);
    }

    @Override
    public String toString() {
        return servers.size() + " Redis " + (servers.size() == 1 ? "server" : "servers") + " at " + addresses
                + ", locks living " + ttl.toMillis() + " ms, commands limited to " + commandTimeout.toMillis() + " ms";
    }

    private static void pingQuietly(RedisClient client) {
        try {
            client.ping();
        } catch (JedisException e) {
            // Down or silent for now: its locks fail until it is back, which the lock's majority allows for.
        }
    }

    private static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException(what + " is at least 1 ms, but was " + duration.toMillis() + " ms");
        }
    }
}
