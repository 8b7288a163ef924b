package lockstep.workshop.redis;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.ScratchFolders;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One server of a {@link RedisServers}: a {@code redis-server} process of its own, its folder, and its settings. The
 * folder holds {@code redis.conf} (written at every start), {@code redis.log} (what the server printed, kept across
 * restarts) and, with {@link RedisPersistence#AOF_FSYNC_ALWAYS}, the append-only file.
 */
final class RedisServer {

    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(100);
    private static final long PROBE_INTERVAL_MILLIS = 10;
    private static final String LOG_FILE = "redis.log";
    private static final String CONFIGURATION_FILE = "redis.conf";

    private final int index;
    private final HostAndPort address;
    private final Path folder;
    private final RedisBinary binary;
    private RedisPersistence persistence; // guarded by this
    // Volatile rather than guarded: stop() must reach the process while another thread waits for its answer.
    private volatile Process process; // null until the first launch

    RedisServer(int index, HostAndPort address, Path folder, RedisBinary binary, RedisPersistence persistence) {
        this.index = index;
        this.address = address;
        this.folder = folder;
        this.binary = binary;
        this.persistence = persistence;
    }

    HostAndPort address() {
        return address;
    }

    Path folder() {
        return folder;
    }

    synchronized RedisPersistence persistence() {
        return persistence;
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** The running process, for the faults that signal it. */
    synchronized ProcessHandle process() {
        if (!isRunning()) {
            throw new IllegalStateException(this + " does not run; start it again first");
        }
        return process.toHandle();
    }

    /**
     * Starts the server's process with {@code chosen} persistence, and returns at once; {@link #awaitAnswer} then waits
     * until it serves. With {@link RedisPersistence#NONE} the folder is emptied first (all but the log), so nothing an
     * earlier run wrote can come back later.
     *
     * @throws IllegalStateException if it runs already
     * @throws IOException if its folder cannot be written or the program cannot be started
     */
    synchronized void launch(RedisPersistence chosen) throws IOException {
        if (isRunning()) {
            throw new IllegalStateException(this + " runs already");
        }
        Files.createDirectories(folder);
        if (chosen == RedisPersistence.NONE) {
            deleteAllButTheLog();
        }
        Files.write(folder.resolve(CONFIGURATION_FILE), configuration(chosen), StandardCharsets.UTF_8);
        persistence = chosen;
        ProcessBuilder builder = new ProcessBuilder(binary.executable().toString(),
                folder.resolve(CONFIGURATION_FILE).toAbsolutePath().toString())
                .directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(folder.resolve(LOG_FILE).toFile()));
        process = builder.start();
    }

    /**
     * Waits until this very process answers, and has loaded its data. Another program on the same port would answer
     * too, so the check is that the process id Redis reports is ours; a server still loading its append-only file says
     * so ({@code loading:1}) and refuses other commands until it is done, which counts as not yet.
     *
     * @throws BindException if its port is taken
     * @throws IOException if it exits or does not answer within {@code timeout}; the message quotes its log
     */
    void awaitAnswer(Duration timeout) throws IOException {
        if (process == null) {
            throw new IllegalStateException(this + " was never launched");
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            // Waiting for the process to exit first is what makes a taken port quick to report: Redis gives up on
            // it within milliseconds, and a probe meanwhile would only reach whoever holds the port.
            if (hasExitedWithin(PROBE_INTERVAL_MILLIS)) {
                String log = tailOfLog();
                if (log.contains("Address already in use")) {
                    throw new BindException(address + " is already in use");
                }
                throw new IOException(this + " exited with code " + process.exitValue() + " while starting; its log ends:\n"
                        + log);
            }
            if (answersAsUs()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException(this + " did not answer within " + timeout.toSeconds() + " s; its log ends:\n"
                        + tailOfLog());
            }
        }
    }

    /**
     * Kills the process, if it runs, and waits until it has gone. SIGKILL, because nothing needs saving (the folder
     * goes next), and because it ends a paused server too.
     */
    void stop() {
        Process running = process;
        if (running != null) {
            running.destroyForcibly().onExit().join();
        }
    }

    @Override
    public String toString() {
        return "Redis server " + index + " (" + address + ")";
    }

    /**
     * The whole configuration: loopback only, this port, the log on standard output (which goes to the log file),
     * the data in the working folder (the server's own folder), and the persistence chosen.
     */
    private List<String> configuration(RedisPersistence chosen) {
        List<String> lines = new ArrayList<>(List.of(
                "# Written by Lockstep for " + this + " at every start.",
                "bind " + address.getHost(),
                "port " + address.getPort(),
                "daemonize no",
                "dir .",
                "logfile \"\""));
        lines.addAll(chosen.configurationLines());
        return lines;
    }

    private boolean hasExitedWithin(long millis) throws InterruptedIOException {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for " + this + " to answer");
        }
    }

    private boolean answersAsUs() {
        try (Jedis probe = RedisConnections.jedis(address, PROBE_TIMEOUT)) {
            String info = probe.info(); // the default sections, "server" and "persistence" among them
            return RedisServerStatus.infoField(info, "process_id").equals(Long.toString(process.pid()))
                    && RedisServerStatus.infoField(info, "loading").equals("0");
        } catch (RedisUnavailableException | JedisException notYet) {
            return false; // not listening yet, or still loading its data
        }
    }

    private String tailOfLog() {
        try {
            List<String> lines = Files.readAllLines(folder.resolve(LOG_FILE), StandardCharsets.UTF_8);
            return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 10), lines.size()));
        } catch (IOException e) {
            return "  (no log: " + e.getMessage() + ")";
        }
    }

    private void deleteAllButTheLog() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().equals(LOG_FILE)) {
                    ScratchFolders.deleteQuietly(entry);
                    if (Files.exists(entry)) {
                        throw new IOException("could not delete " + entry + " before starting " + this + " empty");
                    }
                }
            }
        }
    }
}
