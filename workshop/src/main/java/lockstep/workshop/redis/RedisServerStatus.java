package lockstep.workshop.redis;

import java.time.Duration;
import java.util.Objects;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * What one Redis server says about itself, as {@code ./lockstep redis status} prints it: whether it answers, its
 * version, its process id (to pause or kill it by hand) and how many keys it holds.
 *
 * @param address where it was asked
 * @param answering whether it answered at all; the other fields are empty or -1 when it did not
 * @param version what it reports, such as {@code 6.2.11}
 * @param pid its process id
 * @param keys how many keys it holds
 */
public record RedisServerStatus(HostAndPort address, boolean answering, String version, long pid, long keys) {

    public RedisServerStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(version, "version");
    }

    /** Asks the server at {@code address}, waiting at most {@code timeout} for each answer. */
    public static RedisServerStatus of(HostAndPort address, Duration timeout) {
        try (Jedis client = RedisConnections.jedis(address, timeout)) {
            String info = client.info("server");
            return new RedisServerStatus(address, true, infoField(info, "redis_version"),
                    Long.parseLong(infoField(info, "process_id")), client.dbSize());
        } catch (RedisUnavailableException | JedisException | NumberFormatException e) {
            return new RedisServerStatus(address, false, "", -1, -1);
        }
    }

    /** One line for a learner: "Redis 6.2.11, pid 4242, 3 keys", or "not answering". */
    public String describe() {
        return answering ? "Redis " + version + ", pid " + pid + ", " + keys + (keys == 1 ? " key" : " keys") : "not answering";
    }

    /** The value of {@code field} in an answer to INFO (lines of {@code field:value}), or "" if it is not there. */
    static String infoField(String info, String field) {
        String prefix = field + ":";
        return info.lines().filter(line -> line.startsWith(prefix)).map(line -> line.substring(prefix.length()).trim())
                .findFirst().orElse("");
    }
}
