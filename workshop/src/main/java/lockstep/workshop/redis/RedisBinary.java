package lockstep.workshop.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import redis.embedded.core.ExecutableProvider;
import redis.embedded.model.OsArchitecture;

/**
 * The {@code redis-server} program that {@link RedisServers} runs, where it came from, and the version it reports.
 *
 * <p>{@link #find()} looks in this order:
 * <ol>
 *   <li>The embedded-redis jar, a Maven dependency of the workshop, which ships {@code redis-server} for Linux (amd64,
 *       arm64, 386), macOS (amd64, arm64) and Windows (amd64). Nothing to install, and every learner on Linux or macOS
 *       runs a Redis 6.2 (6.2.11 on Linux amd64, where the toolkit's tests run). The binary is copied once to a folder
 *       in the system's temporary folder and run from there.
 *   <li>A {@code redis-server} on the PATH: for a machine the jar has no binary for, or where its binary cannot run
 *       (the Linux one needs the OpenSSL 3 libraries).
 * </ol>
 * A binary counts as found only once it has answered {@code redis-server --version}; that answer is the version every
 * command prints, so a learner always sees which Redis ran.
 *
 * @param executable the program
 * @param version what it reports, such as {@code 6.2.11}
 * @param origin where it came from, such as "the embedded-redis 1.4.3 jar"
 */
public record RedisBinary(Path executable, String version, String origin) {

    private static final Pattern VERSION = Pattern.compile("\\bv=(\\S+)");
    private static final long VERSION_TIMEOUT_SECONDS = 10;
    private static final String EMBEDDED_REDIS_POM = "/META-INF/maven/com.github.codemonstur/embedded-redis/pom.properties";

    private static RedisBinary found; // guarded by RedisBinary.class: the first binary find() accepted

    public RedisBinary {
        Objects.requireNonNull(executable, "executable");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(origin, "origin");
    }

    /**
     * The binary to run here: the embedded-redis jar's, else a {@code redis-server} on the PATH (see above). The answer
     * is kept for the life of this JVM.
     *
     * @throws IOException if neither can run here; the message says why each failed and how to install Redis
     */
    public static synchronized RedisBinary find() throws IOException {
        if (found != null) {
            return found;
        }
        try {
            found = embedded();
        } catch (IOException embeddedProblem) {
            Optional<Path> onPath = findOnPath(System.getenv("PATH"));
            if (onPath.isEmpty()) {
                throw new IOException(embeddedProblem.getMessage() + " No redis-server is on the PATH either. Install "
                        + "Redis (for example `sudo apt-get install redis-server` or `brew install redis`) and try again.",
                        embeddedProblem);
            }
            try {
                found = at(onPath.get(), "the PATH");
            } catch (IOException pathProblem) {
                pathProblem.addSuppressed(embeddedProblem);
                throw pathProblem;
            }
        }
        return found;
    }

    /**
     * The {@code redis-server} that the embedded-redis jar ships for this operating system and processor, copied out of
     * the jar (once) and asked for its version.
     *
     * @throws IOException if the jar has none for this machine, or it does not run here
     */
    public static RedisBinary embedded() throws IOException {
        String resource;
        try {
            resource = ExecutableProvider.newProvidedVersionsMap().get(OsArchitecture.detectOSandArchitecture());
        } catch (RuntimeException e) {
            throw new IOException("The embedded-redis jar could not tell this machine's system and processor ("
                    + System.getProperty("os.name") + ", " + System.getProperty("os.arch") + "): " + e, e);
        }
        if (resource == null) {
            throw new IOException("The embedded-redis jar has no redis-server for " + System.getProperty("os.name")
                    + " on " + System.getProperty("os.arch") + ".");
        }
        Path copy = copyOutOfTheJar(resource);
        return at(copy, "the embedded-redis " + embeddedRedisVersion() + " jar (" + resource.substring(1) + ")");
    }

    /**
     * The first {@code redis-server} (on Windows {@code redis-server.exe}) in the folders of {@code pathVariable}, a
     * list like the PATH environment variable; empty if there is none or {@code pathVariable} is null.
     */
    public static Optional<Path> findOnPath(String pathVariable) {
        if (pathVariable == null) {
            return Optional.empty();
        }
        String name = isWindows() ? "redis-server.exe" : "redis-server";
        for (String folder : pathVariable.split(Pattern.quote(File.pathSeparator))) {
            if (folder.isBlank()) {
                continue;
            }
            Path candidate = Path.of(folder, name);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate.toAbsolutePath());
            }
        }
        return Optional.empty();
    }

    /**
     * The binary at {@code executable}, once it has answered {@code --version}.
     *
     * @param origin where it came from, for the sentence that names it
     * @throws IOException if it does not run or its answer names no version
     */
    public static RedisBinary at(Path executable, String origin) throws IOException {
        String answer = versionAnswer(executable);
        Matcher version = VERSION.matcher(answer);
        if (!version.find()) {
            throw new IOException(executable + " --version named no version; it said: " + answer);
        }
        return new RedisBinary(executable.toAbsolutePath(), version.group(1), origin);
    }

    /** One line for a learner: "Redis 6.2.11, redis-server from the embedded-redis 1.4.3 jar (…), at /tmp/…". */
    public String describe() {
        return "Redis " + version + ", redis-server from " + origin + ", at " + executable;
    }

    private static String versionAnswer(Path executable) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(executable + " could not run here: " + e.getMessage(), e);
        }
        try {
            String answer;
            try (InputStream output = process.getInputStream()) {
                answer = new String(output.readAllBytes(), StandardCharsets.UTF_8).trim();
            }
            if (!process.waitFor(VERSION_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IOException(executable + " --version did not end within " + VERSION_TIMEOUT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                // A missing shared library lands here (for example the OpenSSL 3 that the jar's Linux binary needs).
                throw new IOException(executable + " could not run here (exit code " + process.exitValue() + "): " + answer);
            }
            return answer;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while asking " + executable + " for its version");
        } finally {
            process.destroyForcibly();
        }
    }

    /**
     * Copies the jar's binary to a folder of the system's temporary folder, unless an earlier run already did. The copy
     * is written under another name and then renamed into place: another JVM may be running the old copy right now,
     * and Linux refuses to overwrite a program that runs ("text file busy"), but lets a rename replace it.
     */
    private static Path copyOutOfTheJar(String resource) throws IOException {
        URL url = ExecutableProvider.class.getResource(resource);
        if (url == null) {
            throw new IOException("The embedded-redis jar lacks " + resource + ", which it lists for this machine.");
        }
        long size = url.openConnection().getContentLengthLong();
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), "lockstep-redis-binaries-" + user);
        Path copy = folder.resolve(resource.substring(1));
        if (Files.isRegularFile(copy) && Files.size(copy) == size && Files.isExecutable(copy)) {
            return copy;
        }
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, "copying-", ".partial");
        try {
            try (InputStream binary = url.openStream()) {
                Files.copy(binary, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            if (!partial.toFile().setExecutable(true, true)) {
                throw new IOException("could not make " + partial + " executable");
            }
            Files.move(partial, copy, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
        return copy;
    }

    private static String embeddedRedisVersion() {
        Properties pom = new Properties();
        try (InputStream properties = ExecutableProvider.class.getResourceAsStream(EMBEDDED_REDIS_POM)) {
            if (properties != null) {
                pom.load(properties);
            }
        } catch (IOException e) {
            // Only the sentence that names the binary loses the version; the binary itself is fine.
        }
        return pom.getProperty("version", "(version unknown)");
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
    }
}
