package lockstep.workshop.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    @DisplayName("a redis-server on the PATH is found in the folder that holds it, and asked for its version")
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
