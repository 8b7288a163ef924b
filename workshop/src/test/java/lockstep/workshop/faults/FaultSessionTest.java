package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.Watcher.WatcherType;
import org.apache.zookeeper.ZooDefs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A session that loses a chosen request or answer, and shows where its watches are")
class FaultSessionTest {

    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final String FOLDER = "/faulty";

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();
    private FaultSession session;

    @BeforeAll
    static void prepare() throws Exception {
        zooKeeper.observer().create(FOLDER, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
    }

    @AfterEach
    void closeTheSession() throws Exception {
        if (session != null) {
            ZooKeeperConnections.closeQuietly(session);
        }
        for (String child : zooKeeper.observer().getChildren(FOLDER, false)) {
            try {
                zooKeeper.observer().delete(FOLDER + "/" + child, -1);
            } catch (KeeperException.NoNodeException e) {
                // Safe to ignore: gone with its session as we looked.
            }
        }
    }

    @Test
    @DisplayName("A create whose answer is lost is carried out, and the next create goes through")
    void createAnswerLost() throws Exception {
        session = open(zooKeeper.connectString());
        session.loseNextCreate(FaultSession.Lost.ANSWER);

        assertThatThrownBy(() -> create("/a-")).isInstanceOf(KeeperException.ConnectionLossException.class);
        create("/b-");

        assertThat(session.createsStruck()).isEqualTo(1);
        assertThat(zooKeeper.observer().getChildren(FOLDER, false)).hasSize(2);
    }

    @Test
    @DisplayName("A create whose request is lost leaves nothing on the server")
    void createRequestLost() throws Exception {
        session = open(zooKeeper.connectString());
        session.loseNextCreate(FaultSession.Lost.REQUEST);

        assertThatThrownBy(() -> create("/a-")).isInstanceOf(KeeperException.ConnectionLossException.class);

        assertThat(session.createsStruck()).isEqualTo(1);
        assertThat(zooKeeper.observer().getChildren(FOLDER, false)).isEmpty();
    }

    @Test
    @DisplayName("A delete whose answer is lost is carried out, and what happens meanwhile happens before the loss")
    void deleteAnswerLostWithSomethingMeanwhile() throws Exception {
        session = open(zooKeeper.connectString());
        String path = create("/a-");
        session.loseNextDelete(FaultSession.Lost.ANSWER, () -> zooKeeper.observer().exists(path, false) == null);

        assertThatThrownBy(() -> session.delete(path, -1)).isInstanceOf(KeeperException.ConnectionLossException.class);

        assertThat(session.deletesStruck()).isEqualTo(1);
        assertThat(session.deletedBeforeTheLostAnswer()).isTrue();
        assertThat(session.meanwhileHappened()).as("the znode was gone meanwhile").isTrue();
    }

    @Test
    @DisplayName("A delete whose request is lost leaves the znode")
    void deleteRequestLost() throws Exception {
        session = open(zooKeeper.connectString());
        String path = create("/a-");
        session.loseNextDelete(FaultSession.Lost.REQUEST);

        assertThatThrownBy(() -> session.delete(path, -1)).isInstanceOf(KeeperException.ConnectionLossException.class);

        assertThat(session.deletedBeforeTheLostAnswer()).isFalse();
        assertThat(zooKeeper.observer().exists(path, false)).isNotNull();
    }

    @Test
    @DisplayName("A lost watched read sets no watch; a read without a watch is never lost")
    void aWatchedReadIsLost() throws Exception {
        session = open(zooKeeper.connectString());
        session.loseNextWatchedRead();

        assertThat(session.exists(FOLDER, false)).isNotNull();
        assertThatThrownBy(() -> session.exists(FOLDER, event -> { }))
                .isInstanceOf(KeeperException.ConnectionLossException.class);

        assertThat(session.awaitLookLost(Duration.ZERO)).isTrue();
        assertThat(session.watchesOn(FOLDER)).isZero();
        session.exists(FOLDER, event -> { });
        assertThat(session.watchesOn(FOLDER)).isEqualTo(1);
    }

    @Test
    @DisplayName("Something happens after a listing of the chosen path has its answer and before the caller sees it")
    void somethingHappensAfterAListing() throws Exception {
        session = open(zooKeeper.connectString());
        String first = create("/a-");
        session.afterNextListingOf(FOLDER, () -> {
            zooKeeper.observer().delete(first, -1);
            return true;
        });

        List<String> seen = session.getChildren(FOLDER, false);

        assertThat(seen).as("the answer, from before the delete").hasSize(1);
        assertThat(session.meanwhileHappened()).isTrue();
        assertThat(zooKeeper.observer().getChildren(FOLDER, false)).isEmpty();
    }

    @Test
    @DisplayName("Knows when every watcher set has heard Disconnected, and a watch taken back no longer counts")
    void everyWatcherTold() throws Exception {
        try (ZooKeeperPartition partition = ZooKeeperPartition.of(zooKeeper.connectString())) {
            session = open(partition.connectString());
            String taken = create("/taken-back-");
            CountDownLatch slowWatcherHeard = new CountDownLatch(1);
            session.exists(FOLDER, event -> slowWatcherHeard.countDown());
            session.getData(taken, event -> { }, null);
            session.removeAllWatches(taken, WatcherType.Data, false);
            assertThat(session.awaitWatcherSet(Duration.ZERO)).isTrue();

            partition.cut();

            assertThat(session.awaitEveryWatcherTold(KeeperState.Disconnected, Timing.forPromptEvent().plus(SESSION)))
                    .isTrue();
            assertThat(slowWatcherHeard.getCount()).as("the watcher set on the folder was told").isZero();
            assertThat(session.hasHeard(KeeperState.Disconnected)).isTrue();
            assertThat(session.news().droppedSince(0)).as("the session's news").isTrue();
            partition.restore();
        }
    }

    private FaultSession open(String connectString) {
        return FaultSession.connect(connectString, SESSION, Timing.forPromptEvent());
    }

    private String create(String name) throws KeeperException, InterruptedException {
        return session.create(FOLDER + name, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
    }
}
