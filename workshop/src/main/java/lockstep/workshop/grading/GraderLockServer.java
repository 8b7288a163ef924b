package lockstep.workshop.grading;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.LockServer;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.table.LockClock;
import lockstep.workshop.lockserver.table.ManualLockClock;

/**
 * A lock server that a grader starts for one check: a free port (never the 14000 a learner's own server uses), a
 * fresh data folder that is deleted afterwards, and the real clock, a steady clock that runs with real time, or a
 * {@link ManualLockClock} that moves only when the check says so. With the manual clock a lease runs out exactly when
 * the check decides, never because the machine happened to be slow.
 *
 * <pre>{@code
 * try (GraderLockServer server = GraderLockServer.withManualClock()) {
 *     RaceSetup.of(code).services(server.services()) ...
 *     server.clock().advance(Duration.ofSeconds(3));
 * }
 * }</pre>
 */
public final class GraderLockServer implements AutoCloseable {

    private final Path folder;
    private final ManualLockClock manualClock;
    private final LockServerConfig config;
    private LockServer server;
    private LockServerClient observer;

    private GraderLockServer(Path folder, ManualLockClock manualClock) throws IOException {
        this(folder, manualClock, manualClock != null ? manualClock : LockClock.system());
    }

    private GraderLockServer(Path folder, ManualLockClock manualClock, LockClock clock) throws IOException {
        this.folder = folder;
        this.manualClock = manualClock;
        this.server = LockServer.start(LockServerConfig.defaults(folder).withPort(0).withClock(clock));
        // Restarts come back on the same port, so that clients which know the URL find the server again.
        this.config = server.config().withPort(server.port());
        this.observer = LockServerClient.connect(server.uri());
    }

    /** A server on the machine's clock, for races whose leases should behave as in production. */
    public static GraderLockServer withRealClock() throws IOException {
        return new GraderLockServer(Files.createTempDirectory("lockstep-grader-lock-server-"), null);
    }

    /**
     * A server whose clock runs with real time, read from {@link System#nanoTime()} rather than the wall clock: a lease
     * runs out exactly its TTL after it was granted or renewed, however the machine's wall clock is adjusted. For a
     * check in which the holder's own timing decides, such as whether its renewals come before the lease runs out.
     */
    public static GraderLockServer withSteadyClock() throws IOException {
        long startMillis = System.currentTimeMillis();
        long startNanos = System.nanoTime();
        LockClock steady = () -> startMillis + (System.nanoTime() - startNanos) / 1_000_000;
        return new GraderLockServer(Files.createTempDirectory("lockstep-grader-lock-server-"), null, steady);
    }

    /** A server whose clock stands still until {@link #clock()} is moved. */
    public static GraderLockServer withManualClock() throws IOException {
        return new GraderLockServer(Files.createTempDirectory("lockstep-grader-lock-server-"),
                ManualLockClock.startingNow());
    }

    /** The services to give a race or a node: this server's URL. */
    public Services services() {
        return new Services(null, server.uri().toString());
    }

    /** The clock to move by hand; only for a server made {@link #withManualClock()}. */
    public ManualLockClock clock() {
        if (manualClock == null) {
            throw new IllegalStateException("this lock server runs on the real clock; use withManualClock()");
        }
        return manualClock;
    }

    /**
     * Moves the manual clock past the longest TTL this server grants: every lease ends now, and a renewal that raced
     * with the move cannot save one. A waiting acquire is handed its lock in the same instant.
     */
    public void endEveryLease() {
        clock().advance(config.maxTtl().plusMillis(1));
    }

    /** The live lock on {@code resource}, as the server's {@code /v1/locks} view shows it now. */
    public Optional<HeldLock> lockOn(String resource) {
        return observer.locks().stream().filter(lock -> lock.resource().equals(resource)).findFirst();
    }

    /**
     * Stops the server and starts it again on the same port and data folder, as an operator restarting it would. What
     * it had acknowledged is on disk, so its locks come back; connections open at the time break.
     */
    public void restart() {
        observer.close();
        server.close();
        try {
            server = LockServer.start(config);
        } catch (IOException e) {
            throw new UncheckedIOException("the lock server could not start again on port " + config.port(), e);
        }
        // The old connections broke with the old server; this client starts with fresh ones.
        observer = LockServerClient.connect(server.uri());
    }

    @Override
    public void close() {
        observer.close();
        server.close();
        ScratchFolders.deleteQuietly(folder);
    }
}
