package lockstep.workshop.lockserver;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import lockstep.workshop.lockserver.table.LockClock;

/**
 * Everything a {@link LockServer} needs to start: where to listen, where to keep its write-ahead log, which clock to
 * trust, and the limits that protect it from careless or hostile clients.
 *
 * <p>Start from {@link #defaults(Path)} and change what you need with the {@code with…} methods; every value is checked
 * here, so a server never starts half-configured.
 *
 * @param bindAddress       the address to listen on; loopback ({@code 127.0.0.1}) by default, so nothing outside this
 *                          machine can reach the server unless you ask for it
 * @param port              the TCP port; {@code 0} picks a free one, and {@link LockServer#port()} tells which
 * @param dataDirectory     the folder of the write-ahead log; one server at a time may use it
 * @param strict            when true, the original owner-name API ({@code /acquire}, {@code /release}, {@code /status})
 *                          answers 403: only holder tokens can renew or release
 * @param clock             the source of time for every expiry and wait deadline
 * @param maxLocks          how many live locks the server keeps at most; an acquire beyond that gets 429
 * @param maxTtl            the longest TTL a client may ask for
 * @param maxWait           the longest a waiting acquire may wait
 * @param requestTimeout    how long a client may take to send one whole request once it has started (slow senders
 *                          get 408); measured in real time, not on {@code clock}
 * @param idleTimeout       how long a keep-alive connection may sit idle between requests before the server closes it
 * @param maxConnections    how many client connections are served at once; one more gets 503 and is closed
 * @param compactAfterBytes the size of the current log file after which the server writes a checkpoint and starts a
 *                          new file, so the log does not grow forever
 * @param recentEventsKept  how many recent events the {@code /v1/events} view remembers
 */
public record LockServerConfig(
        String bindAddress,
        int port,
        Path dataDirectory,
        boolean strict,
        LockClock clock,
        int maxLocks,
        Duration maxTtl,
        Duration maxWait,
        Duration requestTimeout,
        Duration idleTimeout,
        int maxConnections,
        long compactAfterBytes,
        int recentEventsKept) {

    /** The port of the original workshop's lock server, kept so its clients work unchanged. */
    public static final int DEFAULT_PORT = 14000;

    /** Loopback only: a lock server is a teaching tool, not something to expose by accident. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    public LockServerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 and 65535 (0 picks a free port), was " + port);
        }
        requireAtLeast("maxLocks", maxLocks, 1);
        requirePositive("maxTtl", maxTtl);
        requirePositive("maxWait", maxWait);
        requirePositive("requestTimeout", requestTimeout);
        requirePositive("idleTimeout", idleTimeout);
        requireAtLeast("maxConnections", maxConnections, 1);
        if (compactAfterBytes < 1) {
            throw new IllegalArgumentException("compactAfterBytes must be at least 1, was " + compactAfterBytes);
        }
        requireAtLeast("recentEventsKept", recentEventsKept, 1);
    }

    /**
     * The settings {@code ./lockstep lock-server} uses: port 14000 on loopback, the system clock, not strict, up to
     * 10,000 locks, TTLs up to one hour, waits up to five minutes, 10 s to send a request, 60 s idle, 512 connections,
     * a checkpoint every 64 MiB of log, the last 1,000 events.
     */
    public static LockServerConfig defaults(Path dataDirectory) {
        return new LockServerConfig(DEFAULT_BIND_ADDRESS, DEFAULT_PORT, dataDirectory, false, LockClock.system(),
                10_000, Duration.ofHours(1), Duration.ofMinutes(5), Duration.ofSeconds(10), Duration.ofSeconds(60),
                512, 64L * 1024 * 1024, 1_000);
    }

    public LockServerConfig withBindAddress(String newBindAddress) {
        return new LockServerConfig(newBindAddress, port, dataDirectory, strict, clock, maxLocks, maxTtl, maxWait,
                requestTimeout, idleTimeout, maxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withPort(int newPort) {
        return new LockServerConfig(bindAddress, newPort, dataDirectory, strict, clock, maxLocks, maxTtl, maxWait,
                requestTimeout, idleTimeout, maxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withStrict(boolean newStrict) {
        return new LockServerConfig(bindAddress, port, dataDirectory, newStrict, clock, maxLocks, maxTtl, maxWait,
                requestTimeout, idleTimeout, maxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withClock(LockClock newClock) {
        return new LockServerConfig(bindAddress, port, dataDirectory, strict, newClock, maxLocks, maxTtl, maxWait,
                requestTimeout, idleTimeout, maxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withMaxLocks(int newMaxLocks) {
        return new LockServerConfig(bindAddress, port, dataDirectory, strict, clock, newMaxLocks, maxTtl, maxWait,
                requestTimeout, idleTimeout, maxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withRequestTimeout(Duration newRequestTimeout) {
        return new LockServerConfig(bindAddress, port, dataDirectory, strict, clock, maxLocks, maxTtl, maxWait,
                newRequestTimeout, idleTimeout, maxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withIdleTimeout(Duration newIdleTimeout) {
        return new LockServerConfig(bindAddress, port, dataDirectory, strict, clock, maxLocks, maxTtl, maxWait,
                requestTimeout, newIdleTimeout, maxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withMaxConnections(int newMaxConnections) {
        return new LockServerConfig(bindAddress, port, dataDirectory, strict, clock, maxLocks, maxTtl, maxWait,
                requestTimeout, idleTimeout, newMaxConnections, compactAfterBytes, recentEventsKept);
    }

    public LockServerConfig withCompactAfterBytes(long newCompactAfterBytes) {
        return new LockServerConfig(bindAddress, port, dataDirectory, strict, clock, maxLocks, maxTtl, maxWait,
                requestTimeout, idleTimeout, maxConnections, newCompactAfterBytes, recentEventsKept);
    }

    private static void requireAtLeast(String name, int value, int minimum) {
        if (value < minimum) {
            throw new IllegalArgumentException(name + " must be at least " + minimum + ", was " + value);
        }
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero() || value.toMillis() < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 ms, was " + value);
        }
    }
}
