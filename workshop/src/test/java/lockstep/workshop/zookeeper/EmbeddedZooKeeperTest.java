package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import lockstep.workshop.grading.Timing;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("An embedded ZooKeeper")
class EmbeddedZooKeeperTest {

    @Nested
    @DisplayName("standalone")
    class Standalone {

        @Test
        @DisplayName("serves clients on a free port of 127.0.0.1 and says it is standalone")
        void servesOnAFreeLoopbackPort() throws Exception {
            try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
                assertThat(zooKeeper.connectString()).startsWith("127.0.0.1:").doesNotEndWith(":2181");
                assertThat(zooKeeper.status()).extracting(ServerStatus::mode).containsExactly(ServerMode.STANDALONE);
                ZooKeeper client = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
                try {
                    client.create("/lockstep", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                    assertThat(client.exists("/lockstep", false)).isNotNull();
                } finally {
                    ZooKeeperConnections.closeQuietly(client);
                }
            }
        }

        @Test
        @DisplayName("keeps its data in the chosen folder and finds it again after a restart")
        void keepsDataAcrossARestart(@TempDir Path folder) throws Exception {
            try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().dataDirectory(folder).start()) {
                ZooKeeper before = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
                try {
                    before.create("/kept", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                } finally {
                    ZooKeeperConnections.closeQuietly(before);
                }
                zooKeeper.stop(0);
                assertThat(zooKeeper.isRunning(0)).isFalse();
                zooKeeper.restart(0);
                ZooKeeper after = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
                try {
                    assertThat(after.exists("/kept", false))
                            .withFailMessage("a znode created before the restart was gone after it")
                            .isNotNull();
                } finally {
                    ZooKeeperConnections.closeQuietly(after);
                }
            }
            assertThat(folder.resolve("server-1/data/version-2")).isDirectory();
        }

        @Test
        @DisplayName("leaves no generated configuration file in its folder or in java.io.tmpdir")
        void leavesNoConfigurationFiles(@TempDir Path folder) throws Exception {
            List<Path> before = configurationFilesIn(Path.of(System.getProperty("java.io.tmpdir")));
            try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().dataDirectory(folder).start()) {
                zooKeeper.stop(0);
                zooKeeper.restart(0);
            }
            assertThat(configurationFilesIn(folder.resolve("server-1"))).isEmpty();
            assertThat(configurationFilesIn(Path.of(System.getProperty("java.io.tmpdir")))).isSubsetOf(before);
        }

        @Test
        @DisplayName("refuses a client port that is taken, naming the port")
        void refusesATakenPort() throws Exception {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int port = taken.getLocalPort();
                assertThatThrownBy(() -> EmbeddedZooKeeper.standalone().clientPort(port).start())
                        .isInstanceOf(BindException.class)
                        .hasMessage("127.0.0.1:" + port + " is already in use");
            }
        }

        @Test
        @DisplayName("deletes its temporary folder when closed")
        void deletesItsTemporaryFolder() throws Exception {
            Path folder;
            try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
                folder = zooKeeper.dataDirectory();
                assertThat(folder).isDirectory();
            }
            assertThat(folder).doesNotExist();
        }

        @Test
        @DisplayName("has no leader to name")
        void hasNoLeader() throws Exception {
            try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
                assertThatThrownBy(zooKeeper::leader).isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("standalone");
            }
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @DisplayName("ensemble of three")
    class EnsembleOfThree {

        private EmbeddedZooKeeper ensemble;

        @BeforeAll
        void startEnsemble() throws IOException {
            ensemble = EmbeddedZooKeeper.ensemble(3).start();
        }

        @AfterAll
        void stopEnsemble() {
            ensemble.close();
        }

        @Test
        @DisplayName("elects exactly one leader, and the others follow it")
        void electsOneLeader() {
            int leader = ensemble.leader();
            List<ServerMode> modes = ensemble.status().stream().map(ServerStatus::mode).toList();
            assertThat(modes.get(leader)).isEqualTo(ServerMode.LEADER);
            assertThat(modes).containsOnlyOnce(ServerMode.LEADER)
                    .filteredOn(mode -> mode != ServerMode.LEADER).containsOnly(ServerMode.FOLLOWER);
        }

        @Test
        @DisplayName("keeps serving with one member stopped, and takes it back when restarted")
        void survivesOneStoppedMember() throws Exception {
            // Connected to members 0 and 2 only, so stopping member 1 does not cost this client its connection.
            String members0And2 = "127.0.0.1:" + ensemble.clientAddress(0).getPort()
                    + ",127.0.0.1:" + ensemble.clientAddress(2).getPort();
            ZooKeeper client = ZooKeeperConnections.zooKeeper(members0And2, Timing.survivingSession(), event -> { });
            try {
                ensemble.stop(1);
                client.create("/written-while-member-1-was-down", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT);
                ensemble.restart(1);
                assertThat(ensemble.status()).allMatch(ServerStatus::isServing);
                ZooKeeper onMember1 = ZooKeeperConnections.zooKeeper(
                        "127.0.0.1:" + ensemble.clientAddress(1).getPort(), Timing.shortSession(), event -> { });
                try {
                    // Requests of one session run in order, so the read below sees everything the sync saw.
                    onMember1.sync("/", (rc, path, context) -> { }, null);
                    assertThat(onMember1.exists("/written-while-member-1-was-down", false))
                            .withFailMessage("member 1 did not catch up with the write it missed while stopped")
                            .isNotNull();
                } finally {
                    ZooKeeperConnections.closeQuietly(onMember1);
                }
            } finally {
                ZooKeeperConnections.closeQuietly(client);
            }
        }

        @Test
        @DisplayName("tells which member a session is connected to")
        void findsTheMemberOfASession() throws Exception {
            String member2Only = "127.0.0.1:" + ensemble.clientAddress(2).getPort();
            ZooKeeper client = ZooKeeperConnections.zooKeeper(member2Only, Timing.shortSession(), event -> { });
            try {
                assertThat(ensemble.memberConnectedTo(client.getSessionId())).isEqualTo(OptionalInt.of(2));
            } finally {
                ZooKeeperConnections.closeQuietly(client);
            }
        }
    }

    private static List<Path> configurationFilesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith("zookeeper.configuration")).toList();
        }
    }
}
