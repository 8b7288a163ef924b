package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Opens a connected ZooKeeper client, or fails within seconds saying which address was tried and
 * how to start a server. Neither method ever waits longer than its connect timeout.
 *
 * <p>The session timeout asked for is a request: the server clamps it to its own limits (1 s to
 * 60 s for our embedded servers and compose files; 4 s to 40 s for a stock server). The client
 * hears of a lost connection after two thirds of it, and the server expires the session after
 * all of it.
 */
public final class ZooKeeperConnections {

    /** How long to wait for a first connection when the caller does not say. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private ZooKeeperConnections() {
    }

    /** A started, connected Curator client, waiting at most {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public static CuratorFramework curator(String connectString, Duration sessionTimeout) {
        return curator(connectString, sessionTimeout, DEFAULT_CONNECT_TIMEOUT);
    }

    /**
     * A started Curator client that is connected when this returns. Operations that meet a lost
     * connection are retried three times with growing back-off (100 ms, 200 ms, 400 ms). The
     * caller owns the client and must close it.
     *
     * @throws ZooKeeperUnavailableException if no server answers within {@code connectTimeout}
     */
    public static CuratorFramework curator(String connectString, Duration sessionTimeout, Duration connectTimeout) {
        CuratorFramework client;
        try {
            client = CuratorFrameworkFactory.builder()
                    .connectString(connectString)
                    .sessionTimeoutMs(Math.toIntExact(sessionTimeout.toMillis()))
                    .connectionTimeoutMs(Math.toIntExact(connectTimeout.toMillis()))
                    .retryPolicy(new ExponentialBackoffRetry(100, 3))
                    // The ensemble tracker follows dynamic reconfiguration, which we never use; it
                    // could replace a proxied connect string (a partition under test) with the
                    // servers' own addresses, and it logs errors when a client closes as it reconnects.
                    .ensembleTracker(false)
                    .build();
        } catch (IllegalArgumentException e) {
            // A connect string naming no host that resolves; nothing can answer there.
            throw new ZooKeeperUnavailableException(connectString, Duration.ZERO, e);
        }
        client.start();
        boolean connected;
        try {
            connected = client.blockUntilConnected(Math.toIntExact(connectTimeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new IllegalStateException("interrupted while connecting to ZooKeeper at " + connectString, e);
        }
        if (!connected) {
            client.close();
            throw new ZooKeeperUnavailableException(connectString, connectTimeout);
        }
        return client;
    }

    /** A connected plain ZooKeeper handle, waiting at most {@link #DEFAULT_CONNECT_TIMEOUT}. */
    public static ZooKeeper zooKeeper(String connectString, Duration sessionTimeout, Watcher watcher) {
        return zooKeeper(connectString, sessionTimeout, DEFAULT_CONNECT_TIMEOUT, watcher);
    }

    /**
     * A plain ZooKeeper handle whose session is established when this returns. Every event also
     * goes to {@code watcher}, which has seen the first {@code SyncConnected} by then. The caller owns the
     * handle and must close it.
     *
     * @throws ZooKeeperUnavailableException if no server answers within {@code connectTimeout}
     */
    public static ZooKeeper zooKeeper(String connectString, Duration sessionTimeout, Duration connectTimeout,
            Watcher watcher) {
        return connected(connectString, connectTimeout, connectionWatcher -> new ZooKeeper(connectString,
                Math.toIntExact(sessionTimeout.toMillis()), event -> {
                    // The caller's watcher first, so that it has seen the first SyncConnected when we return.
                    watcher.process(event);
                    connectionWatcher.process(event);
                }));
    }

    /** Makes one handle of a kind of its own (a {@link ZooKeeper} subclass), for {@link #connected}. */
    @FunctionalInterface
    public interface Handles<Z extends ZooKeeper> {

        /**
         * A new handle whose default watcher passes every event on to {@code connectionWatcher}, after the
         * handle's own watchers have heard it.
         */
        Z open(Watcher connectionWatcher) throws IOException;
    }

    /**
     * A handle made by {@code handles} whose session is established when this returns. The caller owns
     * the handle and must close it.
     *
     * @throws ZooKeeperUnavailableException if no server answers within {@code connectTimeout}
     */
    public static <Z extends ZooKeeper> Z connected(String connectString, Duration connectTimeout, Handles<Z> handles) {
        CountDownLatch connected = new CountDownLatch(1);
        Watcher connectionWatcher = (WatchedEvent event) -> {
            if (event.getState() == KeeperState.SyncConnected) {
                connected.countDown();
            }
        };
        Z zooKeeper;
        try {
            zooKeeper = handles.open(connectionWatcher);
        } catch (IOException | IllegalArgumentException e) {
            // No host of the connect string resolves; nothing can answer there.
            throw new ZooKeeperUnavailableException(connectString, Duration.ZERO, e);
        }
        try {
            if (connected.await(connectTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return zooKeeper;
            }
            closeQuietly(zooKeeper);
            throw new ZooKeeperUnavailableException(connectString, connectTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(zooKeeper);
            throw new IllegalStateException("interrupted while connecting to ZooKeeper at " + connectString, e);
        }
    }

    /** Closes a handle, ending its session; an interrupt while closing is kept for the caller. */
    public static void closeQuietly(ZooKeeper zooKeeper) {
        try {
            zooKeeper.close();
        } catch (InterruptedException e) {
            // The session ends anyway once the server stops hearing from us; keep the interrupt.
            Thread.currentThread().interrupt();
        }
    }
}
