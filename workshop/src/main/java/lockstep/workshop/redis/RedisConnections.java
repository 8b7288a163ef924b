package lockstep.workshop.redis;

import java.time.Duration;
import java.util.List;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.exceptions.JedisConnectionException;

/**
 * Opens Jedis clients to one Redis server with a time limit on everything: connecting, and waiting for each answer.
 * Without the second, a client of a paused server (SIGSTOP) would wait for ever, since the server's kernel still
 * accepts the connection and keeps it open; with it, the command fails with a {@link JedisConnectionException} once
 * the time is up, and that client is spent (open a new one).
 */
public final class RedisConnections {

    private RedisConnections() {
    }

    /**
     * A client of the server at {@code address}, connected, whose every command gives up after {@code timeout}.
     *
     * @throws RedisUnavailableException if nothing answers there within {@code timeout}; the message says how to start
     *     servers
     */
    public static Jedis jedis(HostAndPort address, Duration timeout) {
        int millis = Math.toIntExact(timeout.toMillis());
        JedisClientConfig configuration = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(millis)
                .socketTimeoutMillis(millis)
                // The classic Jedis client speaks RESP2, which every Redis since 1.2 understands; say so, rather
                // than have Jedis warn that it will not negotiate RESP3.
                .autoNegotiateProtocol(false)
                .build();
        try {
            // Jedis connects here, and says hello to the server.
            return new Jedis(address, configuration);
        } catch (JedisConnectionException e) {
            throw new RedisUnavailableException(List.of(address), timeout, e);
        }
    }
}
