package lockstep.workshop.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import lockstep.workshop.grading.Timing;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

@DisplayName("Finding a redis-server to run")
class RedisBinaryTest {

    @Test
    @DisplayName("the embedded-redis jar's binary runs here and names its version and where it came from")
    void embeddedBinaryRuns() throws IOException {
        RedisBinary binary = RedisBinary.embedded();

        assertThat(binary.version()).matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(binary.origin()).startsWith("the embedded-redis 1.4.3 jar (redis-server-");
        assertThat(binary.executable()).isExecutable();
        assertThat(RedisBinary.find()).isEqualTo(binary);
    }

    @Test
    @DisplayName("a redis-server on the PATH is found in the folder that holds it, asked for its version, and runs servers")
    void foundOnThePath(@TempDir Path folder) throws IOException {
        Path empty = Files.createDirectory(folder.resolve("empty"));
        Path withRedis = Files.createDirectory(folder.resolve("bin"));
        Files.copy(RedisBinary.embedded().executable(), withRedis.resolve("redis-server"));
        assertThat(withRedis.resolve("redis-server").toFile().setExecutable(true)).isTrue();

        Path found = RedisBinary.findOnPath(empty + File.pathSeparator + withRedis).orElseThrow();
        RedisBinary onPath = RedisBinary.at(found, "the PATH");

        assertThat(found).isEqualTo(withRedis.resolve("redis-server"));
        assertThat(onPath.version()).isEqualTo(RedisBinary.embedded().version());
        assertThat(onPath.describe()).contains("redis-server from the PATH, at " + found);
        try (RedisServers servers = RedisServers.of(1).binary(onPath).start();
                Jedis client = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            assertThat(servers.binary()).isEqualTo(onPath);
            assertThat(client.ping()).isEqualTo("PONG");
        }
    }

    @Test
    @DisplayName("a PATH without redis-server, or no PATH at all, finds none")
    void notOnThePath(@TempDir Path folder) {
        assertThat(RedisBinary.findOnPath(folder.toString())).isEmpty();
        assertThat(RedisBinary.findOnPath(null)).isEmpty();
    }

    @Test
    @DisplayName("a program that does not name a Redis version is refused, quoting what it said")
    void notRedis(@TempDir Path folder) throws IOException {
        Path impostor = folder.resolve("redis-server");
        Files.writeString(impostor, "#!/bin/sh\necho 'I am not Redis'\n");
        assertThat(impostor.toFile().setExecutable(true)).isTrue();

        assertThatThrownBy(() -> RedisBinary.at(impostor, "a test"))
                .isInstanceOf(IOException.class)
                .hasMessage(impostor + " --version named no version; it said: I am not Redis");
    }
}
