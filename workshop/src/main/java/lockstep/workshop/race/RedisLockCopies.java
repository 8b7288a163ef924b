package lockstep.workshop.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisServers;
import redis.clients.jedis.Jedis;

/**
 * Where a lock lived on a race's Redis servers at one moment: the key and value found on the most servers, and which
 * servers those were. A Redis fault reads it just before it strikes, so that the race can say whose lock the strike hit
 * and how many servers the lock was left on. A Redlock holder's value is on a majority; the starter's, on one server.
 *
 * <p>It reads every key of every running server: a race's servers are its own and hold only its locks, a handful.
 *
 * @param key     the lock's key, such as {@code seat-A1}, or empty when no server held any key
 * @param servers the servers holding that key with that value, numbered from 0, lowest first
 * @param of      how many servers the race has
 */
public record RedisLockCopies(String key, List<Integer> servers, int of) {

    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(2);

    public RedisLockCopies {
        servers = List.copyOf(servers);
    }

    /** Reads the servers that run now; a server that is down or does not answer holds nothing, as far as a buyer can tell. */
    static RedisLockCopies read(RedisServers redis) {
        Map<String, List<Integer>> serversByKeyAndValue = new LinkedHashMap<>();
        for (int server = 0; server < redis.size(); server++) {
            if (!redis.isRunning(server)) {
                continue;
            }
            try (Jedis client = RedisConnections.jedis(redis.address(server), ANSWER_TIMEOUT)) {
                for (String key : client.keys("*")) {
                    String value = client.get(key);
                    if (value != null) {
                        serversByKeyAndValue.computeIfAbsent(key + "\n" + value, k -> new ArrayList<>()).add(server);
                    }
                }
            } catch (RuntimeException e) {
                // Silent or gone: it counts as holding nothing, as it would for a buyer asking it now.
            }
        }
        // Servers are read in order, so among equally many copies the lock that holds the lowest server comes first.
        return serversByKeyAndValue.entrySet().stream()
                .max((a, b) -> a.getValue().size() != b.getValue().size()
                        ? Integer.compare(a.getValue().size(), b.getValue().size())
                        : Integer.compare(b.getValue().get(0), a.getValue().get(0)))
                .map(most -> new RedisLockCopies(most.getKey().substring(0, most.getKey().indexOf('\n')),
                        most.getValue(), redis.size()))
                .orElse(new RedisLockCopies("", List.of(), redis.size()));
    }

    /** The lowest-numbered server holding the lock, if any does. */
    public Optional<Integer> firstServer() {
        return servers.stream().findFirst();
    }

    /**
     * Whether the lock holds exactly a majority of the servers: then any one of them forgetting it leaves a majority free
     * for another buyer.
     */
    public boolean isABareMajority() {
        return servers.size() == of / 2 + 1;
    }

    /** In words: {@code seat-A1's lock was on servers 0, 2 and 3 (3 of 5)}. */
    @Override
    public String toString() {
        if (servers.isEmpty()) {
            return "no server held a lock";
        }
        String numbers = servers.stream().map(String::valueOf).collect(Collectors.joining(", "));
        int lastComma = numbers.lastIndexOf(", ");
        String list = lastComma < 0 ? "server " + numbers
                : "servers " + numbers.substring(0, lastComma) + " and " + numbers.substring(lastComma + 2);
        return key + "'s lock was on " + list + " (" + servers.size() + " of " + of + ")";
    }
}
