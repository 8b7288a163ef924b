package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Measures the herd: how many watch notifications one handoff of a lock costs, for a lock on one
 * ephemeral znode watched with {@code exists} ({@link OneZnodeLock}) and for the sequential-znode
 * recipe (Curator's {@code InterProcessMutex}, where each waiter watches only its predecessor).
 * Each contender is a thread with its own session on one embedded standalone server (fsync on, as
 * a real server). Notifications come from the server's own metrics ({@link WatchNotificationCounter}).
 *
 * <pre>
 * java -cp "$(cat workshop/target/classpath.txt):workshop/target/classes" \
 *     lockstep.workshop.zookeeper.HerdBenchmark [contenders...] (default: 8 32)
 * </pre>
 */
public final class HerdBenchmark {

    /** The two locks compared. */
    public enum Recipe {
        /** Every waiter watches the one lock znode: a release wakes them all. */
        ONE_ZNODE_EXISTS_WATCH,
        /** Every waiter queues a sequential znode and watches only the one before it. */
        SEQUENTIAL_ZNODES
    }

    /**
     * One measured run.
     *
     * @param recipe the lock measured
     * @param herd notifications per handoff
     * @param acquisitionsPerSecond acquire-and-release cycles per second, all contenders together
     */
    public record Run(Recipe recipe, NotificationsPerHandoff herd, double acquisitionsPerSecond) {
    }

    private static final int RUNS = 5;
    private static final int ACQUISITIONS = 400;
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final AtomicInteger LOCK_NUMBER = new AtomicInteger();

    private HerdBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int[] contenderCounts = args.length == 0 ? new int[] {8, 32}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
            System.out.printf("Herd benchmark: %d acquisitions per run, median of %d runs, %s, Java %s, %d cores%n",
                    ACQUISITIONS, RUNS, zooKeeper, Runtime.version().feature(), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-24s %11s %24s %16s%n", "lock", "contenders", "notifications/handoff", "acquisitions/s");
            for (int contenders : contenderCounts) {
                for (Recipe recipe : Recipe.values()) {
                    List<Run> runs = new ArrayList<>();
                    for (int i = 0; i < RUNS; i++) {
                        runs.add(measure(recipe, zooKeeper.connectString(), contenders, ACQUISITIONS));
                    }
                    System.out.printf(Locale.ROOT, "%-24s %11d %24.1f %16.0f%n", recipe, contenders,
                            median(runs.stream().mapToDouble(run -> run.herd().perHandoff()).toArray()),
                            median(runs.stream().mapToDouble(Run::acquisitionsPerSecond).toArray()));
                }
            }
        }
    }

    /**
     * Runs {@code contenders} clients, each with its own session, that take turns on one fresh lock
     * until it was acquired {@code acquisitions} times (a few more, as the last waiters finish).
     * Fails loudly if two clients ever hold the lock at once.
     */
    public static Run measure(Recipe recipe, String connectString, int contenders, int acquisitions)
            throws IOException, InterruptedException {
        String lockPath = "/lockstep/herd/lock-" + LOCK_NUMBER.incrementAndGet();
        List<Contender> clients = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            for (int i = 0; i < contenders; i++) {
                clients.add(Contender.connect(recipe, connectString, lockPath));
            }
            AtomicInteger acquired = new AtomicInteger();
            AtomicBoolean held = new AtomicBoolean();
            AtomicLong doubleHolds = new AtomicLong();
            WatchNotificationCounter counter = WatchNotificationCounter.start();
            long start = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (Contender client : clients) {
                running.add(threads.submit(() -> {
                    while (acquired.get() < acquisitions) {
                        client.acquire();
                        if (!held.compareAndSet(false, true)) {
                            doubleHolds.incrementAndGet();
                        }
                        acquired.incrementAndGet();
                        held.set(false);
                        client.release();
                    }
                    return null;
                }));
            }
            for (Future<?> contender : running) {
                contender.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (doubleHolds.get() > 0) {
                throw new IllegalStateException(recipe + " let two clients hold " + lockPath + " at once, "
                        + doubleHolds.get() + " times");
            }
            return new Run(recipe, counter.perHandoff(contenders, acquired.get() - 1), acquired.get() / seconds);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a contender for " + lockPath + " failed: " + e.getCause(), e.getCause());
        } finally {
            threads.shutdownNow();
            for (Contender client : clients) {
                client.close();
            }
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** One client of the benchmark: its own session, and the lock as its recipe takes it. */
    private interface Contender extends AutoCloseable {

        void acquire() throws KeeperException, InterruptedException;

        void release() throws KeeperException, InterruptedException;

        @Override
        void close();

        static Contender connect(Recipe recipe, String connectString, String lockPath) {
            return switch (recipe) {
                case ONE_ZNODE_EXISTS_WATCH -> OneZnodeContender.connect(connectString, lockPath);
                case SEQUENTIAL_ZNODES -> SequentialContender.connect(connectString, lockPath);
            };
        }
    }

    private record OneZnodeContender(ZooKeeper zooKeeper, OneZnodeLock lock) implements Contender {

        static OneZnodeContender connect(String connectString, String lockPath) {
            ZooKeeper zooKeeper = ZooKeeperConnections.zooKeeper(connectString, SESSION_TIMEOUT, event -> { });
            createParentsOf(zooKeeper, lockPath);
            return new OneZnodeContender(zooKeeper, new OneZnodeLock(zooKeeper, lockPath));
        }

        @Override
        public void acquire() throws KeeperException, InterruptedException {
            lock.acquire();
        }

        @Override
        public void release() throws KeeperException, InterruptedException {
            lock.release();
        }

        @Override
        public void close() {
            ZooKeeperConnections.closeQuietly(zooKeeper);
        }

        private static void createParentsOf(ZooKeeper zooKeeper, String lockPath) {
            String[] parts = lockPath.substring(1).split("/");
            StringBuilder path = new StringBuilder();
            for (int i = 0; i < parts.length - 1; i++) {
                path.append('/').append(parts[i]);
                try {
                    zooKeeper.create(path.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                } catch (KeeperException.NodeExistsException e) {
                    // Another contender made it first; that is all we wanted.
                } catch (KeeperException e) {
                    throw new IllegalStateException("could not create " + path, e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while creating " + path, e);
                }
            }
        }
    }

    private record SequentialContender(CuratorFramework curator, InterProcessMutex mutex) implements Contender {

        static SequentialContender connect(String connectString, String lockPath) {
            CuratorFramework curator = ZooKeeperConnections.curator(connectString, SESSION_TIMEOUT);
            return new SequentialContender(curator, new InterProcessMutex(curator, lockPath));
        }

        @Override
        public void acquire() throws KeeperException, InterruptedException {
            try {
                mutex.acquire();
            } catch (KeeperException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // Curator declares 'throws Exception'; nothing else is expected from a connected client.
                throw new IllegalStateException("Curator could not acquire " + mutex, e);
            }
        }

        @Override
        public void release() throws KeeperException, InterruptedException {
            try {
                mutex.release();
            } catch (KeeperException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Curator could not release " + mutex, e);
            }
        }

        @Override
        public void close() {
            curator.close();
        }
    }
}
