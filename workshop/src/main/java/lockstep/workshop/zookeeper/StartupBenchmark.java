package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Measures how long an {@link EmbeddedZooKeeper} takes from the call that starts it to the first
 * successful create, standalone and as an ensemble of three. The first start in a JVM is the
 * cold one (what {@code zk start} and a grader pay); the following ones are warm.
 *
 * <pre>
 * java -cp "$(cat workshop/target/classpath.txt):workshop/target/classes" \
 *     lockstep.workshop.zookeeper.StartupBenchmark [standalone|ensemble] [warm runs, default 5]
 * </pre>
 */
public final class StartupBenchmark {

    private StartupBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        boolean ensemble = args.length > 0 && args[0].equals("ensemble");
        int warmRuns = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long cold = millisToFirstCreate(ensemble);
        long[] warm = new long[warmRuns];
        for (int i = 0; i < warmRuns; i++) {
            warm[i] = millisToFirstCreate(ensemble);
        }
        Arrays.sort(warm);
        System.out.printf(Locale.ROOT, "%s: cold %d ms, warm median %d ms (%d runs, Java %d)%n",
                ensemble ? "ensemble of 3" : "standalone", cold, warmRuns == 0 ? 0 : warm[warmRuns / 2], warmRuns,
                Runtime.version().feature());
    }

    /** Starts a fresh service, creates one znode through a new client, and stops it again. */
    public static long millisToFirstCreate(boolean ensemble) throws IOException, KeeperException, InterruptedException {
        long start = System.nanoTime();
        EmbeddedZooKeeper.Builder builder = ensemble ? EmbeddedZooKeeper.ensemble(3) : EmbeddedZooKeeper.standalone();
        try (EmbeddedZooKeeper zooKeeper = builder.start()) {
            ZooKeeper client = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Duration.ofSeconds(10), event -> { });
            try {
                client.create("/first", new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                return (System.nanoTime() - start) / 1_000_000;
            } finally {
                ZooKeeperConnections.closeQuietly(client);
            }
        }
    }
}
