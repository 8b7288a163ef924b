package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisServers;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.params.SetParams;

@DisplayName("Pausing a Redis server (SIGSTOP, then SIGCONT)")
class RedisPauseTest {

    private static RedisServers servers;

    @BeforeAll
    static void startServer() throws IOException {
        servers = RedisServers.of(1).start();
    }

    @AfterAll
    static void stopServer() {
        servers.close();
    }

    @Test
    @DisplayName("a client's command to the paused server times out, and the server answers again after SIGCONT")
    void pausedServerTimesOutThenAnswers() throws Exception {
        try (Jedis before = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            before.set("seat", "A1");
        }
        Duration clientTimeout = Timing.shortRequestTimeout();
        try (Jedis client = RedisConnections.jedis(servers.address(0), clientTimeout)) {
            FaultEvent pause = RedisPause.pause(servers, 0);
            try {
                assertThat(RedisPause.isPaused(servers, 0)).isTrue();
                assertThat(pause.target()).contains("pid " + servers.process(0).pid());

                assertThatThrownBy(() -> client.get("seat"))
                        .withFailMessage("a paused server answered a GET within %d ms", clientTimeout.toMillis())
                        .isInstanceOf(JedisConnectionException.class)
                        .hasRootCauseInstanceOf(SocketTimeoutException.class);
            } finally {
                RedisPause.resume(servers, 0);
            }
        }

        assertThat(RedisPause.isPaused(servers, 0)).isFalse();
        try (Jedis after = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            assertThat(after.get("seat")).isEqualTo("A1");
        }
    }

    @Test
    @DisplayName("a key's time to live runs on while the server is paused: a pause longer than it ends the lock")
    void timeToLiveRunsOnDuringAPause() throws Exception {
        Duration ttl = Timing.scaled(Duration.ofSeconds(1));
        try (Jedis alice = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            long sentAt = System.nanoTime(); // the server set the key after this, so it lives at least until sentAt + ttl
            assertThat(alice.set("lock:pause", "alice", SetParams.setParams().nx().px(ttl.toMillis()))).isEqualTo("OK");

            FaultEvent pause = RedisPause.pause(servers, 0);
            try {
                Assumptions.assumeTrue(pause.endNanos() - sentAt < ttl.toNanos(),
                        "the machine took longer than the lock's time to live to pause the server: inconclusive");
                // The length of the pause is the fault itself: until twice the time to live has passed.
                TimeUnit.NANOSECONDS.sleep(sentAt + ttl.multipliedBy(2).toNanos() - System.nanoTime());
            } finally {
                RedisPause.resume(servers, 0);
            }
        }

        try (Jedis bob = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            assertThat(bob.get("lock:pause"))
                    .withFailMessage("a lock of %d ms, alive when its server was paused, was still there after a pause "
                            + "longer than that", ttl.toMillis())
                    .isNull();
        }
    }
}
