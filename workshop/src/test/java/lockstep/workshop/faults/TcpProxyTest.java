package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.ZNodes;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Cutting a client off from ZooKeeper with the TCP proxy")
class TcpProxyTest {

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();
    private TcpProxy proxy;


    @BeforeEach
    void startProxy() throws IOException {
        proxy = TcpProxy.start(zooKeeper.clientAddress(0));
    }

    @AfterEach
    void stopProxy() {
        proxy.close();
    }

    @Test
    @DisplayName("a cut longer than the session: the client goes SUSPENDED, then LOST, and the server deletes its znode")
    void longCutLosesTheSession() throws Exception {
        Duration session = Timing.shortSession();
        BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        try (CuratorFramework client = ZooKeeperConnections.curator(proxy.hostAndPort(), session)) {
            client.getConnectionStateListenable().addListener((c, state) -> recordChange(states, state));
            client.create().withMode(CreateMode.EPHEMERAL).forPath("/cut-off");

            FaultEvent cut = proxy.cut();

            assertThat(nextState(states)).isEqualTo(ConnectionState.SUSPENDED);
            assertThat(ZNodes.awaitDeleted(zooKeeper.observer(), "/cut-off", Timing.forExpiryOf(session)))
                    .withFailMessage("the cut-off client's znode was still there %s into the cut", Timing.forExpiryOf(session))
                    .isTrue();
            assertThat(nextState(states)).isEqualTo(ConnectionState.LOST);
            assertThat(Duration.ofNanos(System.nanoTime() - cut.endNanos())).isGreaterThanOrEqualTo(session.dividedBy(2));

            proxy.restore();
            assertThat(nextState(states))
                    .withFailMessage("after the cut healed, Curator did not reconnect with a new session")
                    .isEqualTo(ConnectionState.RECONNECTED);
        }
    }

    @Test
    @DisplayName("a cut longer than the session: a plain client sees Disconnected, and Expired once the cut heals")
    void longCutExpiresAPlainSession() throws Exception {
        Duration session = Timing.shortSession();
        BlockingQueue<KeeperState> states = new LinkedBlockingQueue<>();
        ZooKeeper client = ZooKeeperConnections.zooKeeper(proxy.hostAndPort(), session, event -> states.add(event.getState()));
        try {
            states.clear();
            client.create("/cut-off-plain", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

            proxy.cut();

            assertThat(nextState(states)).isEqualTo(KeeperState.Disconnected);
            assertThat(ZNodes.awaitDeleted(zooKeeper.observer(), "/cut-off-plain", Timing.forExpiryOf(session))).isTrue();
            assertThat(states).withFailMessage("a cut-off client cannot hear of its expiry before the cut heals").isEmpty();

            proxy.restore();
            assertThat(nextState(states)).isEqualTo(KeeperState.Expired);
        } finally {
            ZooKeeperConnections.closeQuietly(client);
        }
    }

    @Test
    @DisplayName("a cut shorter than the session: the client is SUSPENDED, reconnects when it heals, and keeps its session and znode")
    void shortCutKeepsTheSession() throws Exception {
        Duration session = Timing.survivingSession();
        BlockingQueue<ConnectionState> states = new LinkedBlockingQueue<>();
        try (CuratorFramework client = ZooKeeperConnections.curator(proxy.hostAndPort(), session)) {
            client.getConnectionStateListenable().addListener((c, state) -> recordChange(states, state));
            long sessionId = client.getZookeeperClient().getZooKeeper().getSessionId();
            client.create().withMode(CreateMode.EPHEMERAL).forPath("/briefly-cut-off");

            proxy.cut();
            // Heal as soon as the client notices (two thirds into the session): a third is left.
            assertThat(nextState(states)).isEqualTo(ConnectionState.SUSPENDED);
            proxy.restore();

            assertThat(nextState(states))
                    .withFailMessage("after a cut shorter than the session, the client did not reconnect")
                    .isEqualTo(ConnectionState.RECONNECTED);
            assertThat(client.getZookeeperClient().getZooKeeper().getSessionId()).isEqualTo(sessionId);
            Stat znode = zooKeeper.observer().exists("/briefly-cut-off", false);
            assertThat(znode).withFailMessage("a cut shorter than the session lost the znode").isNotNull();
            assertThat(znode.getEphemeralOwner()).isEqualTo(sessionId);
        }
    }

    @Test
    @DisplayName("dropping the connections resets them; the client reconnects at once with its session")
    void droppedConnectionsReconnectWithTheSession() throws Exception {
        List<KeeperState> states = new CopyOnWriteArrayList<>();
        BlockingQueue<KeeperState> changes = new LinkedBlockingQueue<>();
        ZooKeeper client = ZooKeeperConnections.zooKeeper(proxy.hostAndPort(), Timing.survivingSession(), event -> {
            states.add(event.getState());
            changes.add(event.getState());
        });
        try {
            changes.clear();
            long sessionId = client.getSessionId();
            assertThat(proxy.openConnections()).isEqualTo(1);

            proxy.dropConnections();

            assertThat(nextState(changes)).isEqualTo(KeeperState.Disconnected);
            assertThat(nextState(changes)).isEqualTo(KeeperState.SyncConnected);
            assertThat(client.getSessionId()).isEqualTo(sessionId);
            assertThat(client.exists("/", false)).isNotNull();
        } finally {
            ZooKeeperConnections.closeQuietly(client);
        }
    }

    @Test
    @DisplayName("refusing resets the open connections and every new one until restored; then the client reconnects with its session")
    void refusedConnectionsComeBackWithTheSession() throws Exception {
        BlockingQueue<KeeperState> changes = new LinkedBlockingQueue<>();
        ZooKeeper client = ZooKeeperConnections.zooKeeper(proxy.hostAndPort(), Timing.survivingSession(),
                event -> changes.add(event.getState()));
        try {
            changes.clear();
            long sessionId = client.getSessionId();

            proxy.refuse();

            assertThat(nextState(changes)).isEqualTo(KeeperState.Disconnected);
            try (Socket newcomer = new Socket(proxy.address().getAddress(), proxy.address().getPort())) {
                newcomer.setSoTimeout(Math.toIntExact(Timing.forPromptEvent().toMillis()));
                assertThat(endOfStreamOrReset(newcomer))
                        .withFailMessage("a connection made while the proxy refused was kept open")
                        .isTrue();
            }
            proxy.restore();
            assertThat(nextState(changes)).isEqualTo(KeeperState.SyncConnected);
            assertThat(client.getSessionId()).isEqualTo(sessionId);
            assertThat(client.exists("/", false)).isNotNull();
        } finally {
            ZooKeeperConnections.closeQuietly(client);
        }
    }

    /** Whether the other end closed or reset the socket (rather than leaving it open until the read timed out). */
    private static boolean endOfStreamOrReset(Socket socket) throws IOException {
        try {
            return socket.getInputStream().read() == -1;
        } catch (SocketTimeoutException stillOpen) {
            return false;
        } catch (SocketException reset) {
            return true;
        }
    }

    /** Curator may deliver its first CONNECTED after the listener is added; only what follows matters. */
    private static void recordChange(BlockingQueue<ConnectionState> states, ConnectionState state) {
        if (state != ConnectionState.CONNECTED) {
            states.add(state);
        }
    }

    /** The next state the client reports, waiting for it at most a session and then some. */
    private static <T> T nextState(BlockingQueue<T> states) throws InterruptedException {
        T next = states.poll(Timing.forExpiryOf(Timing.survivingSession()).toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next).withFailMessage("the client reported no further state change").isNotNull();
        return next;
    }
}
