package lockstep.workshop.faults;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisServers;
import redis.clients.jedis.Jedis;

/**
 * The clock of one Redis server jumps forward, as when an administrator or a time daemon sets it: the keys of that
 * server expire early, and a lock held there is gone before its holder's time is up. Redlock assumes that every
 * server's clock runs at about the same rate; this is what happens when one does not.
 *
 * <p><b>This is an emulation.</b> Redis stores each key's expiry as a moment on the wall clock and compares it with the
 * wall clock as it reads it. Its clock cannot be moved alone: the wall clock belongs to the whole machine (moving it
 * would jump every server, and this JVM too), and giving one process a clock of its own needs an extra tool that is not
 * on every learner's machine and has no equal on Windows (libfaketime, preloaded into the program). So instead of moving the clock, the jump moves the deadlines: every key of that server
 * that has a time to live gets that time shortened by the jump, in one step, and a key whose time to live is shorter
 * than the jump is deleted at once. For the keys, and so for a lock, that is exactly what a forward jump does. What it
 * does not change: the time the server reports ({@code TIME}, {@code INFO}), and keys without a time to live, which
 * a real jump leaves alone too.
 *
 * <p>The step is one Lua script, which Redis runs without anything in between, so no client can set or renew a key
 * half-way through; a key set after it returns keeps its full time to live, as on a clock that jumped before the key
 * was set.
 */
public final class RedisClockJump {

    /** How long the server may take to run the script (milliseconds for the few keys of a lab). */
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

    /**
     * The keys are gathered first: SCAN may return a key twice, and none may be shortened twice. Returns {keys deleted,
     * keys shortened}.
     */
    private static final String SHORTEN_EVERY_TIME_TO_LIVE = """
            local jump = tonumber(ARGV[1])
            local keys, cursor = {}, '0'
            repeat
              local page = redis.call('SCAN', cursor, 'COUNT', 100)
              cursor = page[1]
              for _, key in ipairs(page[2]) do keys[key] = true end
            until cursor == '0'
            local expired, shortened = 0, 0
            for key in pairs(keys) do
              local ttl = redis.call('PTTL', key) -- -1: never expires; -2: gone already
              if ttl > 0 and ttl <= jump then
                redis.call('DEL', key)
                expired = expired + 1
              elseif ttl > jump then
                redis.call('PEXPIRE', key, ttl - jump)
                shortened = shortened + 1
              end
            end
            return {expired, shortened}
            """;

    private RedisClockJump() {
    }

    /**
     * Jumps the clock of server {@code server} (numbered from 0) forward by {@code jump}, as far as its keys can tell
     * (see above), and returns once it is done. The event's target says how many keys expired at once and how many now
     * expire sooner.
     *
     * @throws IllegalArgumentException unless {@code jump} is at least 1 ms
     */
    public static FaultEvent jumpForward(RedisServers servers, int server, Duration jump) {
        if (jump.toMillis() < 1) {
            throw new IllegalArgumentException("a clock jump forward is at least 1 ms, was " + jump.toMillis() + " ms");
        }
        long start = System.nanoTime();
        List<?> counts;
        try (Jedis client = RedisConnections.jedis(servers.address(server), ANSWER_TIMEOUT)) {
            counts = (List<?>) client.eval(SHORTEN_EVERY_TIME_TO_LIVE, 0, Long.toString(jump.toMillis()));
        }
        long expired = (Long) counts.get(0);
        long shortened = (Long) counts.get(1);
        String target = RedisOutage.describe(servers, server) + ": " + expired + (expired == 1 ? " key" : " keys")
                + " expired at once, " + shortened + " now expire sooner";
        return FaultEvent.since("clock jump of +" + jump.toMillis() + " ms", target, start);
    }
}
