package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lockstep.workshop.grading.Timing;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Counting reads below a top-level znode")
class ReadCounterTest {

    @Test
    @DisplayName("counts each read that finds its znode below /lockstep, and nothing elsewhere")
    void countsReadsThatFindTheirZnode() throws Exception {
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
            ZooKeeper client = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
            try {
                client.create("/lockstep", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                client.create("/lockstep/seat-1", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                client.create("/elsewhere", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                ReadCounter counter = ReadCounter.start("/lockstep");

                for (int poll = 0; poll < 5; poll++) {
                    client.exists("/lockstep/seat-1", false); // what a polling lock does while it waits
                }
                client.getData("/lockstep/seat-1", false, null);
                client.getChildren("/lockstep", false);
                client.getData("/elsewhere", false, null);

                assertThat(counter.readsSinceStart()).isEqualTo(7);
            } finally {
                ZooKeeperConnections.closeQuietly(client);
            }
        }
    }

    @Test
    @DisplayName("refuses a path that is not a top-level znode, showing it")
    void refusesANestedPath() {
        assertThatThrownBy(() -> ReadCounter.start("/lockstep/locks"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was /lockstep/locks");
    }
}
