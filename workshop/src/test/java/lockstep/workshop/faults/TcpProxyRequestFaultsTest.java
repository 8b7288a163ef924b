package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

@DisplayName("The TCP proxy's faults on single requests and answers, in front of a Redis server")
class TcpProxyRequestFaultsTest {

    private static final Duration CLIENT_TIMEOUT = Duration.ofMillis(500);

    private RedisServers redis;
    private TcpProxy proxy;
    private HostAndPort viaProxy;

    @BeforeEach
    void start() throws Exception {
        redis = RedisServers.of(1).start();
        proxy = TcpProxy.start(new InetSocketAddress(redis.address(0).getHost(), redis.address(0).getPort()));
        viaProxy = HostAndPort.from(proxy.hostAndPort());
    }

    @AfterEach
    void stop() {
        proxy.close();
        redis.close();
    }

    @Test
    @DisplayName("answers late: every answer passes on the delay after it came")
    void answersLate() {
        try (Jedis client = RedisConnections.jedis(viaProxy, Timing.forPromptEvent())) {
            proxy.delayAnswers(Duration.ofMillis(200));
            long start = System.nanoTime();

            assertThat(client.set("seat-A1", "alice")).isEqualTo("OK");
            assertThat(client.get("seat-A1")).isEqualTo("alice");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two answers, each 200 ms late")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(400));
        }
    }

    @Test
    @DisplayName("loses one answer: the request is applied, its client times out, and a new connection is answered")
    void losesOneAnswer() {
        try (Jedis client = RedisConnections.jedis(viaProxy, CLIENT_TIMEOUT)) {
            proxy.loseNextAnswer();

            assertThatThrownBy(() -> client.set("seat-A1", "alice")).isInstanceOf(JedisConnectionException.class);
        }
        assertThat(proxy.lostAnswer()).contains("+OK");
        assertThat(valueOnTheServer()).as("the request was applied").isEqualTo("alice");
        try (Jedis next = RedisConnections.jedis(viaProxy, CLIENT_TIMEOUT)) {
            assertThat(next.get("seat-A1")).as("a new connection is answered").isEqualTo("alice");
        }
    }

    @Test
    @DisplayName("cuts after one request: it is applied, and nothing passes either way until the cut is restored")
    void cutsAfterOneRequest() throws Exception {
        try (Jedis client = RedisConnections.jedis(viaProxy, CLIENT_TIMEOUT)) {
            proxy.cutAfterNextRequest();

            assertThatThrownBy(() -> client.set("seat-A1", "alice")).isInstanceOf(JedisConnectionException.class);
            assertThat(proxy.awaitCutAfterRequest(Timing.forPromptEvent())).isTrue();
            assertThat(proxy.isCut()).isTrue();
        }
        assertThat(valueOnTheServer()).as("the request was applied").isEqualTo("alice");
        assertThatThrownBy(() -> RedisConnections.jedis(viaProxy, CLIENT_TIMEOUT).ping())
                .as("a new connection gets no answer while cut").isInstanceOf(RuntimeException.class);

        proxy.restore();

        try (Jedis next = RedisConnections.jedis(viaProxy, CLIENT_TIMEOUT)) {
            assertThat(next.ping()).isEqualTo("PONG");
        }
    }

    private String valueOnTheServer() {
        try (Jedis direct = RedisConnections.jedis(redis.address(0), Timing.forPromptEvent())) {
            return direct.get("seat-A1");
        }
    }
}
