package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Counting watch notifications")
class WatchNotificationCounterTest {

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();


    @Test
    @DisplayName("counts one notification per watcher woken: five watchers of one znode, one delete, five")
    void countsOnePerWatcherWoken() throws Exception {
        List<ZooKeeper> watchers = new ArrayList<>();
        ZooKeeper owner = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
        try {
            owner.create("/watched", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            for (int i = 0; i < 5; i++) {
                ZooKeeper watcher = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
                watchers.add(watcher);
                watcher.exists("/watched", true);
            }
            WatchNotificationCounter counter = WatchNotificationCounter.start();
            owner.delete("/watched", -1);
            // The server counts a notification as it sends it, before the delete is answered.
            assertThat(counter.notificationsSinceStart()).isEqualTo(5);
        } finally {
            ZooKeeperConnections.closeQuietly(owner);
            watchers.forEach(ZooKeeperConnections::closeQuietly);
        }
    }
}
