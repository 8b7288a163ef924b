import java.time.Duration;
import java.util.Arrays;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * What one write costs on one ZooKeeper server and on an ensemble of three: the floor under a lock handoff, whose
 * holder's {@code delete} is a write. One client, one call at a time, so each time is one call's own.
 *
 * <p>Run from the repository root, after {@code ./lockstep list} has built the toolkit, with a race's JVM options:
 * <pre>
 * java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CompileThresholdScaling=0.1 \
 *     -cp "workshop/target/classes:$(cat workshop/target/classpath.txt)" benchmarks/QuorumWriteLatency.java
 * </pre>
 * Each server writes every change to disk before it answers (fsync on), as in the labs. Each set runs twice; read the
 * second, when the code is compiled.
 */
public class QuorumWriteLatency {

    private static final int CALLS = 2_000;

    public static void main(String[] args) throws Exception {
        try (EmbeddedZooKeeper standalone = EmbeddedZooKeeper.standalone().start()) {
            for (int set = 0; set < 2; set++) {
                measure("one server", standalone.connectString());
            }
        }
        try (EmbeddedZooKeeper ensemble = EmbeddedZooKeeper.ensemble(3).start()) {
            int leader = ensemble.leader();
            int follower = (leader + 1) % ensemble.size();
            for (int set = 0; set < 2; set++) {
                measure("three, on the leader", addressOf(ensemble, leader));
                measure("three, on a follower", addressOf(ensemble, follower));
            }
        }
    }

    /** Creates, reads and deletes one ephemeral znode {@value #CALLS} times, and prints each call's median. */
    private static void measure(String where, String connectString) throws Exception {
        ZooKeeper zooKeeper = ZooKeeperConnections.zooKeeper(connectString, Duration.ofSeconds(10), event -> { });
        try {
            createIfMissing(zooKeeper, "/bench");
            long[] creates = new long[CALLS];
            long[] reads = new long[CALLS];
            long[] deletes = new long[CALLS];
            for (int i = 0; i < CALLS; i++) {
                long start = System.nanoTime();
                zooKeeper.create("/bench/node", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                long created = System.nanoTime();
                zooKeeper.exists("/bench/node", false);
                long read = System.nanoTime();
                zooKeeper.delete("/bench/node", -1);
                long deleted = System.nanoTime();
                creates[i] = created - start;
                reads[i] = read - created;
                deletes[i] = deleted - read;
            }
            System.out.printf("%-22s create %.3f ms   exists %.3f ms   delete %.3f ms   (medians of %,d calls)%n",
                    where, medianMillis(creates), medianMillis(reads), medianMillis(deletes), CALLS);
        } finally {
            ZooKeeperConnections.closeQuietly(zooKeeper);
        }
    }

    private static void createIfMissing(ZooKeeper zooKeeper, String path) throws Exception {
        try {
            zooKeeper.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // Left by the set before this one: the same folder serves.
        }
    }

    private static String addressOf(EmbeddedZooKeeper ensemble, int member) {
        return "127.0.0.1:" + ensemble.clientAddress(member).getPort();
    }

    private static double medianMillis(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2] / 1e6;
    }
}
