package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Connecting to ZooKeeper")
class ZooKeeperConnectionsTest {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    /** The connect timeout, plus time to close the client and build the message. */
    private static final Duration NEVER_HANGS = CONNECT_TIMEOUT.plus(Timing.scaled(Duration.ofSeconds(3)));

    @Nested
    @DisplayName("when a server answers")
    class WhenAServerAnswers {

        @RegisterExtension
        static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();


        @Test
        @DisplayName("gives a connected Curator client")
        void givesAConnectedCuratorClient() throws Exception {
            try (CuratorFramework client = ZooKeeperConnections.curator(zooKeeper.connectString(), Timing.shortSession())) {
                assertThat(client.getZookeeperClient().isConnected()).isTrue();
                assertThat(client.checkExists().forPath("/")).isNotNull();
            }
        }

        @Test
        @DisplayName("gives a plain handle whose session is established, and passes events on")
        void givesAConnectedPlainHandle() throws Exception {
            List<String> events = new ArrayList<>();
            ZooKeeper client = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(),
                    event -> events.add(event.getState().toString()));
            try {
                assertThat(client.getSessionId()).isNotZero();
                assertThat(events).contains("SyncConnected");
            } finally {
                ZooKeeperConnections.closeQuietly(client);
            }
        }
    }

    @Nested
    @DisplayName("when nothing answers")
    class WhenNothingAnswers {

        @Test
        @DisplayName("a Curator client fails within the connect timeout, naming the address and how to start a server")
        void curatorFailsWithAHelpfulSentence() throws IOException {
            String nobody = "127.0.0.1:" + portWithNobodyListening();
            assertTimeoutPreemptively(NEVER_HANGS, () ->
                    assertThatThrownBy(() -> ZooKeeperConnections.curator(nobody, Timing.shortSession(), CONNECT_TIMEOUT))
                            .isInstanceOf(ZooKeeperUnavailableException.class)
                            .hasMessageContaining("No ZooKeeper answered at " + nobody + " within 1 s")
                            .hasMessageContaining("`./lockstep zk start`")
                            .hasMessageContaining("docker compose -f docker/zookeeper-single.yml up"));
        }

        @Test
        @DisplayName("a plain handle fails within the connect timeout, naming the address and how to start a server")
        void plainHandleFailsWithAHelpfulSentence() throws IOException {
            String nobody = "127.0.0.1:" + portWithNobodyListening();
            assertTimeoutPreemptively(NEVER_HANGS, () ->
                    assertThatThrownBy(() -> ZooKeeperConnections.zooKeeper(nobody, Timing.shortSession(), CONNECT_TIMEOUT, event -> { }))
                            .isInstanceOf(ZooKeeperUnavailableException.class)
                            .hasMessageContaining("No ZooKeeper answered at " + nobody)
                            .hasMessageContaining("`./lockstep zk start`"));
        }

        @Test
        @DisplayName("a server that accepts connections but never answers does not make it hang")
        void silentServerDoesNotHang() throws IOException {
            try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
                String address = "127.0.0.1:" + silent.getLocalPort();
                assertTimeoutPreemptively(NEVER_HANGS, () ->
                        assertThatThrownBy(() -> ZooKeeperConnections.zooKeeper(address, Timing.shortSession(), CONNECT_TIMEOUT, event -> { }))
                                .isInstanceOf(ZooKeeperUnavailableException.class));
            }
        }

        @Test
        @DisplayName("for an ensemble's connect string it suggests starting an ensemble")
        void suggestsAnEnsembleForAnEnsemble() {
            String message = ZooKeeperUnavailableException.messageFor(
                    "127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183", Duration.ofSeconds(5));
            assertThat(message).contains("`./lockstep zk start --ensemble 3`", "docker/zookeeper-ensemble.yml", "within 5 s");
        }
    }

    /** A port that was free a moment ago; nothing listens there now. */
    private static int portWithNobodyListening() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
