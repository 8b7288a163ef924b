package lockstep.workshop.lockserver;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import lockstep.workshop.lockserver.api.HolderTokenApi;
import lockstep.workshop.lockserver.api.ObserverApi;
import lockstep.workshop.lockserver.api.OriginalApi;
import lockstep.workshop.lockserver.api.Router;
import lockstep.workshop.lockserver.http.HttpEventLoop;
import lockstep.workshop.lockserver.log.LogRecovery;
import lockstep.workshop.lockserver.log.WriteAheadLog;
import lockstep.workshop.lockserver.table.ExpiryTimer;
import lockstep.workshop.lockserver.table.LockClock;
import lockstep.workshop.lockserver.table.LockTable;
import lockstep.workshop.lockserver.table.LogRecord;
import lockstep.workshop.lockserver.table.RecentEvents;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable lock server with time-to-live leases, over HTTP/1.1 and JSON.
 *
 * <p><b>Guarantees.</b> At most one live holder per lock, judged by the server's {@link LockClock}; a lease ends at
 * its expiry unless its holder renews it first. Every grant carries a fencing token larger than any before, also
 * across restarts, and a random holder token that alone can renew or release the lock. Every grant, renewal and
 * release is forced to disk before it is answered; after a crash (even SIGKILL) the server comes back with the same
 * locks and their original expiries, so the time it was down counts against each lease. Waiting acquires are served
 * first come, first served. What the server does not guarantee is that a holder <em>knows</em> its lease ended: a
 * paused client can wake up believing it still holds the lock. Fencing tokens exist for that.
 *
 * <p><b>Use.</b>
 * <pre>{@code
 * try (LockServer server = LockServer.start(LockServerConfig.defaults(dataDir).withPort(0))) {
 *     LockServerClient client = LockServerClient.connect(server.uri());   // lockstep.workshop.lockserver.client
 *     ...
 * }
 * }</pre>
 *
 * <p>This class only puts the parts together, each from its own package: {@link LockTable} (the algorithm) and
 * {@link ExpiryTimer} (time), {@link OriginalApi}, {@link HolderTokenApi} and {@link ObserverApi} (the three faces of
 * the API), {@link WriteAheadLog} and {@link LogRecovery} (durability), {@link HttpEventLoop} (the wire).
 */
public final class LockServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LockServer.class);
    private static final Duration LONGEST_TIMER_NAP = Duration.ofSeconds(1);

    private final LockServerConfig config;

    private final HttpEventLoop listener;
    private final ExpiryTimer timer;
    private final WriteAheadLog log;
    private final FolderLock folderLock;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private LockServer(LockServerConfig config, HttpEventLoop listener, ExpiryTimer timer, WriteAheadLog log,
                       FolderLock folderLock) {
        this.config = config;
        this.listener = listener;
        this.timer = timer;
        this.log = log;
        this.folderLock = folderLock;
    }

    /**
     * Binds the port, takes the data folder, recovers its locks, and starts serving. Returns once the server answers
     * requests.
     *
     * @throws java.net.BindException when the port is taken; the message names the port and how to choose another
     * @throws IOException            when the data folder is used by another server, or cannot be read or written
     */
    public static LockServer start(LockServerConfig config) throws IOException {
        HttpEventLoop listener = HttpEventLoop.bind(config);
        FolderLock folderLock = null;
        WriteAheadLog log = null;
        try {
            folderLock = FolderLock.take(config.dataDirectory());
            LogRecovery.Recovered recovered = LogRecovery.recover(config.dataDirectory());
            log = WriteAheadLog.create(config.dataDirectory(), recovered.lastGeneration() + 1,
                    new LogRecord.Checkpoint(recovered.lastFencingToken(), recovered.leases().values().stream()
                            .toList()), config.compactAfterBytes());
            RecentEvents events = new RecentEvents(config.recentEventsKept());
            LockTable table = new LockTable(config.clock(), log, events, config.maxLocks(),
                    recovered.lastFencingToken(), recovered.leases().values());
            ExpiryTimer timer = new ExpiryTimer(config.clock(), table, LONGEST_TIMER_NAP);
            timer.start();
            listener.start(new Router(new OriginalApi(table, config), new HolderTokenApi(table, config),
                    new ObserverApi(table, events, config)), log);
            LOG.info("Lock server on port {} recovered {} in {}", listener.port(), recovered.summary(),
                    config.dataDirectory());
            return new LockServer(config, listener, timer, log, folderLock);
        } catch (IOException | RuntimeException e) {
            listener.close();
            if (log != null) {
                log.close();
            }
            if (folderLock != null) {
                folderLock.release();
            }
            throw e;
        }
    }

    /** The port the server listens on: the configured one, or the free one it picked for port 0. */
    public int port() {
        return listener.port();
    }

    /** The base URI clients use, for example {@code http://127.0.0.1:14000}. */
    public URI uri() {
        String host = config.bindAddress().equals("0.0.0.0") ? "127.0.0.1" : config.bindAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    public LockServerConfig config() {
        return config;
    }

    /**
     * Stops serving: closes the port and every connection, forces the log and closes it, and gives up the data
     * folder. Requests in flight end without an answer; whatever was acknowledged is on disk. Safe to call twice.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        listener.close();
        timer.close();
        log.close();
        folderLock.release();
        stopped.countDown();
        LOG.info("Lock server on port {} stopped", port());
    }

    /** Blocks until {@link #close()} has finished, for a command that runs a server in the foreground. */
    public void awaitClosed() throws InterruptedException {
        stopped.await();
    }

    /**
     * Keeps two servers from sharing one data folder: both would append to the same log and each would forget the
     * other's locks. The operating system drops the lock when the process dies, even by SIGKILL.
     */
    private static final class FolderLock {

        private final FileChannel channel;
        private final FileLock lock;

        private FolderLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static FolderLock take(Path folder) throws IOException {
            Files.createDirectories(folder);
            Path lockFile = folder.resolve("LOCK");
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (java.nio.channels.OverlappingFileLockException sameProcess) {
                lock = null;
            }
            if (lock == null) {
                channel.close();
                throw new IOException("Another lock server is using the data folder " + folder.toAbsolutePath()
                        + ": stop it, or give this one its own folder with --data DIR.");
            }
            return new FolderLock(channel, lock);
        }

        void release() {
            try {
                lock.release();
                channel.close();
            } catch (IOException e) {
                LOG.warn("Could not unlock the data folder", e);
            }
        }
    }
}
