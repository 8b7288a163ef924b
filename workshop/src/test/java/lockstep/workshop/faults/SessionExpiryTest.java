package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Expiring a session on the server")
class SessionExpiryTest {

    /** Long, so that nothing but the injected expiry can end a session within the test. */
    private static final Duration LONG_SESSION = Duration.ofSeconds(30);

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();


    @Test
    @DisplayName("deletes the victim's ephemeral znode before it returns, and then the victim is told Expired")
    void deletesTheZnodeAndTellsTheVictim() throws Exception {
        CountDownLatch toldExpired = new CountDownLatch(1);
        ZooKeeper victim = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), LONG_SESSION, event -> {
            if (event.getState() == KeeperState.Expired) {
                toldExpired.countDown();
            }
        });
        try {
            victim.create("/expired", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

            FaultEvent expiry = SessionExpiry.expire(victim, zooKeeper.connectString());

            assertThat(zooKeeper.observer().exists("/expired", false))
                    .withFailMessage("the victim's znode outlived the expiry of its session")
                    .isNull();
            assertThat(expiry.duration()).isLessThan(LONG_SESSION.dividedBy(10));
            assertThat(toldExpired.await(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS))
                    .withFailMessage("the victim was not told its session expired")
                    .isTrue();
        } finally {
            ZooKeeperConnections.closeQuietly(victim);
        }
    }

    @Test
    @DisplayName("a Curator victim sees SUSPENDED, then LOST")
    void curatorVictimSeesSuspendedThenLost() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        CountDownLatch lost = new CountDownLatch(1);
        try (CuratorFramework victim = ZooKeeperConnections.curator(zooKeeper.connectString(), LONG_SESSION)) {
            victim.getConnectionStateListenable().addListener((client, state) -> {
                states.add(state);
                if (state == ConnectionState.LOST) {
                    lost.countDown();
                }
            });
            victim.create().withMode(CreateMode.EPHEMERAL).forPath("/expired-curator");

            SessionExpiry.expire(victim, zooKeeper.connectString());

            assertThat(zooKeeper.observer().exists("/expired-curator", false)).isNull();
            assertThat(lost.await(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS))
                    .withFailMessage("Curator never reported LOST; it reported %s", states)
                    .isTrue();
            assertThat(states).containsSubsequence(ConnectionState.SUSPENDED, ConnectionState.LOST);
        }
    }

    @Test
    @DisplayName("works on an ensemble: a reader on any member sees the znode gone after a sync")
    void worksOnAnEnsemble() throws Exception {
        try (EmbeddedZooKeeper ensemble = EmbeddedZooKeeper.ensemble(3).start()) {
            ZooKeeper victim = ZooKeeperConnections.zooKeeper(ensemble.connectString(), LONG_SESSION, event -> { });
            try {
                victim.create("/expired-on-ensemble", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);

                SessionExpiry.expire(victim, ensemble.connectString());

                for (int member = 0; member < ensemble.size(); member++) {
                    ZooKeeper reader = ZooKeeperConnections.zooKeeper(
                            "127.0.0.1:" + ensemble.clientAddress(member).getPort(), Timing.shortSession(), event -> { });
                    try {
                        reader.sync("/", (rc, path, context) -> { }, null);
                        assertThat(reader.exists("/expired-on-ensemble", false))
                                .withFailMessage("member %d still had the expired session's znode after a sync", member)
                                .isNull();
                    } finally {
                        ZooKeeperConnections.closeQuietly(reader);
                    }
                }
            } finally {
                ZooKeeperConnections.closeQuietly(victim);
            }
        }
    }
}
