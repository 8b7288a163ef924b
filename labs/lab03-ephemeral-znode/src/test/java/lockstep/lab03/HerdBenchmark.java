package lockstep.lab03;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import lockstep.workshop.grading.HerdContender;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.HerdMeasurement;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.ZooKeeper;

/**
 * The figures in BENCHMARKS: watch notifications per handoff of this lab's lock, with 8 and 32
 * contenders, median of 5 runs, on an embedded standalone server (fsync on, as a real server);
 * beside it, for comparison, the sequential-znode recipe (a queue, each waiter watching the one before
 * it) as Curator implements it.
 * Run it against the reference solution from the repository root, after {@code ./lockstep} has built:
 *
 * <pre>
 * java -cp "solutions/lab03-ephemeral-znode/target/classes:labs/lab03-ephemeral-znode/target/test-classes:$(cat workshop/target/classpath.txt):workshop/target/classes" \
 *     lockstep.lab03.HerdBenchmark [contenders...]   (default: 8 32)
 * </pre>
 */
public final class HerdBenchmark {

    private static final int RUNS = 5;
    private static final int ACQUISITIONS = 400;

    private HerdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] contenderCounts = args.length == 0 ? new int[] {8, 32} : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
            HerdMeasurement.Contenders labLock = HerdContender.connecting(
                    LockSeam.of(Implementation.of(Lab03.class), ZooKeeper.class), Duration.ofMinutes(1));
            System.out.printf("Lab 03 lock: %d acquisitions per run, median of %d runs, %s, Java %s, %d cores%n",
                    ACQUISITIONS, RUNS, zooKeeper, Runtime.version().feature(), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-22s %11s %24s %16s   %s%n", "lock", "contenders", "notifications/handoff",
                    "acquisitions/s", "runs");
            for (int contenders : contenderCounts) {
                measure("one ephemeral znode", zooKeeper, contenders, labLock);
                measure("sequential (Curator)", zooKeeper, contenders, CuratorContender::connect);
            }
        }
    }

    private static void measure(String lock, EmbeddedZooKeeper zooKeeper, int contenders,
            HerdMeasurement.Contenders connect) throws InterruptedException {
        double[] herd = new double[RUNS];
        double[] rate = new double[RUNS];
        for (int run = 0; run < RUNS; run++) {
            HerdMeasurement.Result result = HerdMeasurement.measure(zooKeeper.connectString(), contenders,
                    ACQUISITIONS, connect, Duration.ofMinutes(5), Duration.ofMinutes(1));
            herd[run] = result.herd().perHandoff();
            rate[run] = result.acquisitionsPerSecond();
        }
        System.out.printf(Locale.ROOT, "%-22s %11d %24.1f %16.0f   %s / %s%n", lock, contenders, median(herd),
                median(rate), format(herd, "%.1f"), format(rate, "%.0f"));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** A contender on Curator's InterProcessMutex: a queue of sequential znodes, each watching its predecessor. */
    private record CuratorContender(CuratorFramework curator, InterProcessMutex mutex) implements HerdMeasurement.Contender {

        static CuratorContender connect(String connectString, String name) {
            CuratorFramework curator = ZooKeeperConnections.curator(connectString, Lab03.SESSION_TIMEOUT);
            return new CuratorContender(curator, new InterProcessMutex(curator, "/lockstep/herd-sequential"));
        }

        @Override
        public void acquire() throws Exception {
            mutex.acquire();
        }

        @Override
        public void release() throws Exception {
            mutex.release();
        }

        @Override
        public void close() {
            curator.close();
        }
    }

    private static String format(double[] values, String pattern) {
        return String.join(", ", Arrays.stream(values).mapToObj(value -> String.format(Locale.ROOT, pattern, value)).toList());
    }
}
