package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.EnsembleOfThree;
import lockstep.workshop.zookeeper.ZNodes;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("zk start --ensemble 3, typed at its terminal")
class EnsembleConsoleTest {

    @RegisterExtension
    static final EnsembleOfThree ENSEMBLE = new EnsembleOfThree();
    private static EnsembleConsole console;

    @BeforeAll
    static void openTheConsole() {
        console = new EnsembleConsole(ENSEMBLE.get(), new PrintWriter(new StringWriter()));
    }

    @Test
    @DisplayName("'status' names the member a holder's session is on; 'stop' on it moves the holder to another member, same lock node; 'start' brings it back")
    void stopsTheMemberAHolderIsOn() throws Exception {
        Semaphore connections = new Semaphore(0);
        String connectString = ENSEMBLE.get().connectString();
        ZooKeeper holder = ZooKeeperConnections.zooKeeper(connectString, Timing.survivingSession(), event -> {
            if (event.getType() == Watcher.Event.EventType.None
                    && event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connections.release();
            }
        });
        try {
            ZNodes.createPersistentPath(holder, "/lockstep/lab05/A1");
            String lockNode = holder.create("/lockstep/lab05/A1/lock-", "Node_Alpha".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
            int member = ENSEMBLE.get().memberConnectedTo(holder.getSessionId()).orElseThrow() + 1;

            assertThat(console.execute("status")).containsPattern("member " + member
                    + " +127\\.0\\.0\\.1:\\d+ +(leader|follower) +lock nodes of sessions connected here: " + lockNode
                    + " \\(Node_Alpha\\)");

            connections.drainPermits(); // from here on, a permit is a connection made after the stop
            assertThat(console.execute("stop " + member)).startsWith("Member " + member + " (127.0.0.1:")
                    .endsWith("a majority still runs, so they find one.");
            assertThat(connections.tryAcquire(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS))
                    .as("the holder's client connected again to another member").isTrue();
            assertThat(holder.exists(lockNode, false)).as("the holder's lock node, read through its moved session")
                    .isNotNull();
            OptionalInt now = ENSEMBLE.get().memberConnectedTo(holder.getSessionId());
            assertThat(now).isPresent();
            assertThat(now.getAsInt() + 1).isNotEqualTo(member);
            assertThat(console.execute("status")).contains("member " + member).containsPattern("member " + member
                    + " +127\\.0\\.0\\.1:\\d+ +not answering");

            assertThat(console.execute("stop " + member)).isEqualTo("Member " + member
                    + " is already stopped; 'start " + member + "' starts it again.");
            assertThat(console.execute("start " + member)).endsWith("started again with its data; the ensemble serves"
                    + " clients.");
            assertThat(ENSEMBLE.get().isRunning(member - 1)).isTrue();
        } finally {
            ZooKeeperConnections.closeQuietly(holder);
        }
    }

    @Test
    @DisplayName("a command it does not know, or a member that is not there, gets one sentence saying what it takes")
    void refusesWhatItDoesNotKnow() {
        assertThat(console.execute("stop 4")).isEqualTo("'4' is not a member: give a number from 1 to 3, for example"
                + " 'stop 2'.");
        assertThat(console.execute("restart everything")).startsWith("'restart everything' is not a command here."
                + " Type 'stop N' or 'start N' (N from 1 to 3)");
    }
}
