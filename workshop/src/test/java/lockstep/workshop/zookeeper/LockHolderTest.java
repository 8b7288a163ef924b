package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Who holds a lock, by ZooKeeper's word")
class LockHolderTest {

    private static final Duration SESSION = Duration.ofSeconds(30);

    private static EmbeddedZooKeeper zooKeeper;
    private static ZooKeeper observer;

    @BeforeAll
    static void start() throws IOException {
        zooKeeper = EmbeddedZooKeeper.standalone().start();
        observer = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), SESSION, event -> { });
    }

    @AfterAll
    static void stop() {
        ZooKeeperConnections.closeQuietly(observer);
        zooKeeper.close();
    }

    @Test
    @DisplayName("a queue of Curator's sequential znodes: the first in line, by sequence number, and the next once it goes")
    void headOfCuratorsQueue() throws Exception {
        try (CuratorFramework first = ZooKeeperConnections.curator(zooKeeper.connectString(), SESSION);
             CuratorFramework second = ZooKeeperConnections.curator(zooKeeper.connectString(), SESSION)) {
            InterProcessMutex firstLock = new InterProcessMutex(first, "/lockstep/holder-test/A1");
            firstLock.acquire();
            Thread waiter = new Thread(() -> {
                try {
                    InterProcessMutex secondLock = new InterProcessMutex(second, "/lockstep/holder-test/A1");
                    secondLock.acquire();
                    secondLock.release();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            waiter.start();
            while (observer.getChildren("/lockstep/holder-test/A1", false).size() < 2) {
                Thread.sleep(5);
            }

            Optional<LockHolder> holder = LockHolder.of(observer, "/lockstep/holder-test/A1");

            assertThat(holder).isPresent();
            assertThat(holder.get().session()).isEqualTo(first.getZookeeperClient().getZooKeeper().getSessionId());
            assertThat(holder.get().znode()).startsWith("/lockstep/holder-test/A1/_c_").endsWith("0000000000");
            assertThat(holder.get().createdZxid()).isPositive();
            firstLock.release();
            waiter.join();
        }
    }

    @Test
    @DisplayName("one ephemeral znode at the lock's path: its owner")
    void oneEphemeralZnode() throws Exception {
        try (ZooKeeper owner = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), SESSION, event -> { })) {
            ZNodes.createPersistentPath(owner, "/lockstep/holder-test/one");
            owner.create("/lockstep/holder-test/one/A2", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL);

            Optional<LockHolder> holder = LockHolder.of(observer, "/lockstep/holder-test/one/A2");

            assertThat(holder).map(LockHolder::session).contains(owner.getSessionId());
            assertThat(holder).map(LockHolder::sessionInHex).contains("0x" + Long.toHexString(owner.getSessionId()));
        }
    }

    @Test
    @DisplayName("nobody: no znode there, or a folder without sequential znodes")
    void nobody() throws Exception {
        ZNodes.createPersistentPath(observer, "/lockstep/holder-test/empty/notes");

        assertThat(LockHolder.of(observer, "/lockstep/holder-test/absent")).isEmpty();
        assertThat(LockHolder.of(observer, "/lockstep/holder-test/empty")).isEmpty();
    }
}
