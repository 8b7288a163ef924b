package lockstep.workshop.redis;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

/**
 * Measures how long {@link RedisServers} take from the call that starts them until a lock-like {@code SET NX PX} has
 * succeeded on every server, for 1 or 5 servers. The first start in a JVM is the cold one (what {@code redis start}
 * and a grader pay: the binary is looked up and asked for its version, the client classes load); the following ones
 * are warm.
 *
 * <pre>
 * java -cp "$(cat workshop/target/classpath.txt):workshop/target/classes" \
 *     lockstep.workshop.redis.RedisStartupBenchmark [servers, default 5] [warm runs, default 5]
 * </pre>
 */
public final class RedisStartupBenchmark {

    private RedisStartupBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int warmRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long cold = millisToFirstLock(count);
        long[] warm = new long[warmRuns];
        for (int i = 0; i < warmRuns; i++) {
            warm[i] = millisToFirstLock(count);
        }
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "%d %s: cold %d ms, warm median %d ms (%d runs; Redis %s; Java %d)%n", count,
                count == 1 ? "server" : "servers", cold, warmRuns == 0 ? 0 : warm[warmRuns / 2], warmRuns,
                RedisBinary.find().version(), Runtime.version().feature());
    }

    /** Starts {@code count} fresh servers, sets one lock-like key on each through a new client, and stops them. */
    public static long millisToFirstLock(int count) throws IOException {
        long start = System.nanoTime();
        try (RedisServers servers = RedisServers.of(count).start()) {
            for (int server = 0; server < count; server++) {
                try (Jedis client = RedisConnections.jedis(servers.address(server), Duration.ofSeconds(10))) {
                    if (!"OK".equals(client.set("lock", "benchmark", SetParams.setParams().nx().px(30_000)))) {
                        throw new IllegalStateException("a fresh server refused the lock on server " + server);
                    }
                }
            }
            return (System.nanoTime() - start) / 1_000_000;
        }
    }
}
