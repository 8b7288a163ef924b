package lockstep.workshop.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import lockstep.workshop.faults.RedisOutage;
import lockstep.workshop.faults.RedisPause;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

@DisplayName("A node's clients of several Redis servers")
class RedisClientsTest {

    private static final Duration TTL = Duration.ofSeconds(5);
    private static final Duration COMMAND_TIMEOUT = Duration.ofMillis(200);

    @Test
    @DisplayName("reach every server in order, and say what their locks ask for")
    void oneClientPerServer() throws Exception {
        try (RedisServers servers = RedisServers.of(3).start();
             RedisClients clients = RedisClients.open(servers.addresses(), TTL, COMMAND_TIMEOUT)) {
            for (int server = 0; server < 3; server++) {
                clients.servers().get(server).set("seat-A1", "server " + server);
            }

            for (int server = 0; server < 3; server++) {
                try (var direct = RedisConnections.jedis(servers.address(server), COMMAND_TIMEOUT)) {
                    assertThat(direct.get("seat-A1")).isEqualTo("server " + server);
                }
            }
            assertThat(clients.addresses()).isEqualTo(servers.addresses());
            assertThat(clients.ttl()).isEqualTo(TTL);
        }
    }

    @Test
    @DisplayName("fail at once on a server that is down, and work again once it is back")
    void aServerThatIsDownCountsAgainOnceBack() throws Exception {
        try (RedisServers servers = RedisServers.of(1).start();
             RedisClients clients = RedisClients.open(servers.addresses(), TTL, COMMAND_TIMEOUT)) {
            RedisOutage.kill(servers, 0);
            long start = System.nanoTime();
            assertThatThrownBy(() -> clients.servers().get(0).set("seat-A1", "alice", SetParams.setParams().nx()))
                    .isInstanceOf(JedisException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("a refused connection fails at once")
                    .isLessThan(COMMAND_TIMEOUT);

            RedisOutage.restart(servers, 0, RedisPersistence.NONE);

            assertThat(clients.servers().get(0).set("seat-A1", "bob", SetParams.setParams().nx())).isEqualTo("OK");
        }
    }

    @Test
    @DisplayName("give up on a paused server after the time limit, and reach it again after it resumes")
    void aPausedServerTimesOut() throws Exception {
        try (RedisServers servers = RedisServers.of(1).start();
             RedisClients clients = RedisClients.open(servers.addresses(), TTL, COMMAND_TIMEOUT)) {
            RedisPause.pause(servers, 0);
            long start = System.nanoTime();
            try {
                assertThatThrownBy(() -> clients.servers().get(0).ping()).isInstanceOf(JedisException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).as("how long the client waited")
                        .isGreaterThanOrEqualTo(COMMAND_TIMEOUT);
            } finally {
                RedisPause.resume(servers, 0);
            }

            assertThat(clients.servers().get(0).ping()).isEqualTo("PONG");
        }
    }
}
