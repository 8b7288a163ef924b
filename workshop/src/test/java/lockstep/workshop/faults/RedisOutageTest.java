package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.redis.RedisConnections;
import lockstep.workshop.redis.RedisPersistence;
import lockstep.workshop.redis.RedisServers;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

@DisplayName("Killing a Redis server (SIGKILL) and starting it again")
class RedisOutageTest {

    private static final String LOCK = "lock:seat-A1";

    @Test
    @DisplayName("with an append-only file fsynced at every write, the restarted server still holds the lock it granted")
    void appendOnlyFileKeepsTheLock() throws Exception {
        try (RedisServers servers = RedisServers.of(1).persistence(RedisPersistence.AOF_FSYNC_ALWAYS).start()) {
            grantLock(servers);
            long pid = servers.process(0).pid();

            FaultEvent kill = RedisOutage.kill(servers, 0);
            assertThat(servers.isRunning(0)).isFalse();
            RedisOutage.restart(servers, 0, RedisPersistence.AOF_FSYNC_ALWAYS);

            assertThat(kill.name()).isEqualTo("SIGKILL");
            assertThat(kill.target()).contains("pid " + pid);
            assertThat(servers.process(0).pid()).isNotEqualTo(pid);
            assertThat(holder(servers))
                    .withFailMessage("the server acknowledged %s with an fsync, was killed, and came back without it", LOCK)
                    .isEqualTo("alice");
        }
    }

    @Test
    @DisplayName("without persistence, the restarted server has forgotten the lock, and grants it to the next client")
    void noPersistenceForgetsTheLock() throws Exception {
        try (RedisServers servers = RedisServers.of(1).persistence(RedisPersistence.NONE).start()) {
            grantLock(servers);

            RedisOutage.kill(servers, 0);
            FaultEvent restart = RedisOutage.restart(servers, 0, RedisPersistence.NONE);

            assertThat(restart.name()).isEqualTo("restart empty");
            assertThat(holder(servers)).withFailMessage("a server without persistence came back with %s", LOCK).isNull();
            try (Jedis bob = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
                assertThat(bob.set(LOCK, "bob", SetParams.setParams().nx().px(30_000))).isEqualTo("OK");
            }
        }
    }

    @Test
    @DisplayName("restarted without persistence after running with an append-only file, the server starts empty too")
    void restartWithoutPersistenceDropsTheOldFile() throws Exception {
        try (RedisServers servers = RedisServers.of(1).persistence(RedisPersistence.AOF_FSYNC_ALWAYS).start()) {
            grantLock(servers);

            RedisOutage.kill(servers, 0);
            RedisOutage.restart(servers, 0, RedisPersistence.NONE);
            assertThat(holder(servers)).isNull();
            // Nothing of the old file may come back later either.
            RedisOutage.kill(servers, 0);
            RedisOutage.restart(servers, 0, RedisPersistence.AOF_FSYNC_ALWAYS);

            assertThat(holder(servers)).withFailMessage("%s came back from an append-only file that should be gone", LOCK).isNull();
            assertThat(servers.persistence(0)).isEqualTo(RedisPersistence.AOF_FSYNC_ALWAYS);
        }
    }

    @Test
    @DisplayName("a server that still runs is not restarted: it must be killed first")
    void restartNeedsAKill() throws IOException {
        try (RedisServers servers = RedisServers.of(1).start()) {
            assertThatThrownBy(() -> RedisOutage.restart(servers, 0, RedisPersistence.NONE))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("runs already");
        }
    }

    private static void grantLock(RedisServers servers) {
        try (Jedis alice = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            // A long time to live: the key must be there after the restart for the persistence alone.
            assertThat(alice.set(LOCK, "alice", SetParams.setParams().nx().px(60_000))).isEqualTo("OK");
        }
    }

    private static String holder(RedisServers servers) {
        try (Jedis client = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            return client.get(LOCK);
        }
    }
}
