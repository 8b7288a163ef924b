package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.time.Duration;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * A node's ZooKeeper session, with the {@link ConnectionNews} its default watcher keeps: every lock
 * the node's buyers take on this session can ask the news whether the connection dropped since it
 * got the lock, instead of setting a watch of its own. It is a plain {@link ZooKeeper} otherwise.
 */
public class NodeSession extends ZooKeeper {

    private final ConnectionNews news;

    /**
     * A session whose default watcher tells {@code news} first, then {@code alsoTold} (a subclass's
     * own ears, and whoever waits for the first connection).
     */
    protected NodeSession(String connectString, Duration sessionTimeout, ConnectionNews news, Watcher alsoTold)
            throws IOException {
        super(connectString, Math.toIntExact(sessionTimeout.toMillis()), event -> {
            news.process(event);
            alsoTold.process(event);
        });
        this.news = news;
    }

    /**
     * A session to {@code connectString} that is established when this returns, waiting at most
     * {@link ZooKeeperConnections#DEFAULT_CONNECT_TIMEOUT}. The caller owns it and must close it.
     *
     * @throws ZooKeeperUnavailableException if no server answers in time
     */
    public static NodeSession open(String connectString, Duration sessionTimeout) {
        return ZooKeeperConnections.connected(connectString, ZooKeeperConnections.DEFAULT_CONNECT_TIMEOUT,
                connectionWatcher -> new NodeSession(connectString, sessionTimeout, new ConnectionNews(),
                        connectionWatcher));
    }

    /** What this session has heard about its connection so far, and will hear. */
    public ConnectionNews news() {
        return news;
    }
}
