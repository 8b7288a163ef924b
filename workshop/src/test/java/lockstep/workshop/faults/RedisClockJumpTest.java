package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

@DisplayName("A clock jump on one Redis server (emulated: its keys' times to live shrink)")
class RedisClockJumpTest {

    private static RedisServers servers;

    @BeforeAll
    static void startServers() throws IOException {
        servers = RedisServers.of(2).start();
    }

    @AfterAll
    static void stopServers() {
        servers.close();
    }

    @AfterEach
    void emptyServers() {
        for (int server = 0; server < servers.size(); server++) {
            try (Jedis client = client(server)) {
                client.flushAll();
            }
        }
    }

    @Test
    @DisplayName("a jump longer than the lock's time to live makes its key vanish at once, long before its time is up")
    void lockVanishesEarly() {
        try (Jedis client = client(0)) {
            assertThat(client.set("lock", "alice", SetParams.setParams().nx().px(30_000))).isEqualTo("OK");
            long setAt = System.nanoTime();

            FaultEvent jump = RedisClockJump.jumpForward(servers, 0, Duration.ofSeconds(30));

            assertThat(client.get("lock"))
                    .withFailMessage("a lock of 30 s survived a clock jump of 30 s, %d ms after it was set",
                            (System.nanoTime() - setAt) / 1_000_000)
                    .isNull();
            assertThat(jump.name()).isEqualTo("clock jump of +30000 ms");
            assertThat(jump.target()).endsWith(": 1 key expired at once, 0 now expire sooner");
            assertThat(client.set("lock", "bob", SetParams.setParams().nx().px(30_000)))
                    .withFailMessage("Bob could not take the lock that expired in the jump").isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("a shorter jump leaves the key, its time to live shortened by the jump")
    void shorterJumpShortensTheTimeToLive() {
        try (Jedis client = client(0)) {
            client.set("lock", "alice", SetParams.setParams().px(60_000));

            FaultEvent jump = RedisClockJump.jumpForward(servers, 0, Duration.ofSeconds(20));

            assertThat(client.pttl("lock"))
                    .withFailMessage("after a jump of 20 s, the lock of 60 s has %d ms left", client.pttl("lock"))
                    .isBetween(40_000 - Timing.forPromptEvent().toMillis(), 40_000L);
            assertThat(jump.target()).endsWith(": 0 keys expired at once, 1 now expire sooner");
        }
    }

    @Test
    @DisplayName("keys without a time to live, keys on the other servers, and keys set after the jump are left alone")
    void onlyThatServersKeysAtTheJump() {
        try (Jedis jumped = client(0); Jedis other = client(1)) {
            jumped.set("counter", "7");
            other.set("lock", "alice", SetParams.setParams().px(30_000));

            RedisClockJump.jumpForward(servers, 0, Duration.ofSeconds(30));
            jumped.set("lock", "bob", SetParams.setParams().px(30_000));

            assertThat(jumped.get("counter")).isEqualTo("7");
            assertThat(jumped.pttl("counter")).isEqualTo(-1L);
            assertThat(other.get("lock")).withFailMessage("the jump on server 0 ended a lock on server 1").isEqualTo("alice");
            assertThat(jumped.pttl("lock")).isGreaterThan(30_000 - Timing.forPromptEvent().toMillis());
        }
    }

    @Test
    @DisplayName("a jump of less than 1 ms forward is refused, showing the value")
    void refusesNoJump() {
        assertThatThrownBy(() -> RedisClockJump.jumpForward(servers, 0, Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a clock jump forward is at least 1 ms, was -5 ms");
    }

    private static Jedis client(int server) {
        return RedisConnections.jedis(servers.address(server), Timing.forPromptEvent());
    }
}
