package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

@DisplayName("A Redis fault strikes one of the lock's servers, and only where its lesson lives")
class RedisStrikeTest {

    private static final String LOCK = "seat-A1";
    private static final RedisStrike ONE_OF_THE_LOCKS_SERVERS = new RedisStrike(List.of(),
            RedisStrike.A_SERVER_OF_THE_LOCK, RedisStrike.Kind.RESTART_EMPTY);

    @Test
    @DisplayName("a lock on 4 of 5 servers loses its lowest server's copy, and the race is told where the lock was")
    void aLockOnMoreThanABareMajorityIsStruck() throws Exception {
        try (RedisServers servers = RedisServers.of(5).start()) {
            lock(servers, "alice", 1, 2, 3, 4);
            lock(servers, "bob", 0);

            RedisStrike.Landing landing = ONE_OF_THE_LOCKS_SERVERS.strike(servers);

            assertThat(landing.struck()).isTrue();
            assertThat(landing.words()).startsWith(
                    "seat-A1's lock was on servers 1, 2, 3 and 4 (4 of 5); then server 1 restarts empty (the strike took ");
            assertThat(holders(servers)).containsExactly("bob", null, "alice", "alice", "alice");
        }
    }

    @Test
    @DisplayName("a lock on one server alone, as the starter's, loses that server's copy")
    void aLockOnOneServerIsStruck() throws Exception {
        try (RedisServers servers = RedisServers.of(5).start()) {
            lock(servers, "alice", 0);

            RedisStrike.Landing landing = ONE_OF_THE_LOCKS_SERVERS.strike(servers);

            assertThat(landing.struck()).isTrue();
            assertThat(landing.words()).startsWith("seat-A1's lock was on server 0 (1 of 5)");
            assertThat(holders(servers)).containsOnlyNulls();
        }
    }

    @Test
    @DisplayName("a lock on a bare 3 of 5 is not struck: losing one copy would free a majority, another fault's lesson")
    void aBareMajorityIsLeftAlone() throws Exception {
        try (RedisServers servers = RedisServers.of(5).start()) {
            lock(servers, "alice", 0, 2, 3);

            RedisStrike.Landing landing = ONE_OF_THE_LOCKS_SERVERS.strike(servers);

            assertThat(landing.struck()).isFalse();
            assertThat(landing.events()).isEmpty();
            assertThat(landing.words()).contains("servers 0, 2 and 3 (3 of 5)", "a bare majority", "did not strike");
            assertThat(holders(servers)).containsExactly("alice", null, "alice", "alice", null);
        }
    }

    @Test
    @DisplayName("with servers down at the start, a bare majority is the point, and it is struck")
    void aForcedBareMajorityIsStruck() throws Exception {
        try (RedisServers servers = RedisServers.of(5).start()) {
            RedisStrike strike = new RedisStrike(List.of(3, 4), 0, RedisStrike.Kind.RESTART_EMPTY);
            strike.prepare(servers);
            lock(servers, "alice", 0, 1, 2);

            RedisStrike.Landing landing = strike.strike(servers);

            assertThat(landing.struck()).isTrue();
            assertThat(landing.words()).startsWith("seat-A1's lock was on servers 0, 1 and 2 (3 of 5)");
            assertThat(holders(servers)).containsExactly(null, "alice", "alice", null, null);
        }
    }

    private static void lock(RedisServers servers, String value, int... on) {
        for (int server : on) {
            try (Jedis client = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
                client.set(LOCK, value, SetParams.setParams().nx().px(60_000));
            }
        }
    }

    private static List<String> holders(RedisServers servers) {
        return java.util.stream.IntStream.range(0, servers.size()).mapToObj(server -> {
            try (Jedis client = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
                return client.get(LOCK);
            }
        }).toList();
    }
}
