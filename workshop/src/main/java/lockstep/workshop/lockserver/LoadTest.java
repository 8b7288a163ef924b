package lockstep.workshop.lockserver;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.ReleaseOutcome;

/**
 * Measures the lock server: acquire+release pairs per second, durable, from concurrent keep-alive clients, and the
 * latency of one pair. The figures in {@code BENCHMARKS.md} come from here.
 *
 * <p>Each client thread acquires its own resource (so every acquire is granted and nobody waits for anybody but the
 * disk) and releases it again, as fast as it can, through one shared {@link LockServerClient}. Every grant and every
 * release is forced to disk before it is answered, as always. A run lasts a few seconds after a warm-up; the result is
 * the median of several runs.
 *
 * <pre>
 * java -cp … lockstep.workshop.lockserver.LoadTest [--clients 16] [--seconds 3] [--runs 5] [--warm-up 20]
 *     [--server URL]
 * </pre>
 * Without {@code --server} it starts a server in this JVM on a free port with a fresh data folder in the temp folder.
 */
public final class LoadTest {

    /**
     * One run's figures.
     *
     * @param pairsPerSecond acquire+release pairs completed per second, all clients together
     * @param p50Millis      the median latency of one pair
     * @param p99Millis      the 99th percentile latency of one pair
     * @param cpuMicrosPerPair CPU time this JVM used per pair (server and clients when they share the JVM): the
     *                       figure to watch when other programs compete for the cores
     * @param loadAverage    the machine's one-minute load average at the end of the run
     */
    public record Result(double pairsPerSecond, double p50Millis, double p99Millis, double cpuMicrosPerPair,
                         double loadAverage) {

        @Override
        public String toString() {
            return String.format("%,.0f pairs/s, p50 %.2f ms, p99 %.2f ms, %.0f us CPU per pair, load average %.2f",
                    pairsPerSecond, p50Millis, p99Millis, cpuMicrosPerPair, loadAverage);
        }
    }

    private final URI server;
    private final int clients;
    private final Duration runLength;

    public LoadTest(URI server, int clients, Duration runLength) {
        this.server = server;
        this.clients = clients;
        this.runLength = runLength;
    }

    public static void main(String[] args) throws Exception {
        int clients = 16;
        int seconds = 3;
        int runs = 5;
        int warmUp = 20;
        URI url = null;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--clients": clients = Integer.parseInt(value); break;
                case "--seconds": seconds = Integer.parseInt(value); break;
                case "--runs": runs = Integer.parseInt(value); break;
                case "--warm-up": warmUp = Integer.parseInt(value); break;
                case "--server": url = URI.create(value); break;
                default:
                    System.err.println("Unknown option " + args[i] + ". Options: --clients N --seconds N --runs N "
                            + "--warm-up SECONDS --server URL");
                    System.exit(2);
            }
        }
        Path folder = null;
        LockServer inProcess = null;
        if (url == null) {
            folder = Files.createTempDirectory("lockstep-loadtest");
            inProcess = LockServer.start(LockServerConfig.defaults(folder).withPort(0));
            url = inProcess.uri();
        }
        try {
            System.out.printf("Load test: %d keep-alive clients, %d s warm-up, %d s per run, %d runs, against %s (%s)%n",
                    clients, warmUp, seconds, runs, url, inProcess != null ? "in this JVM" : "another process");
            System.out.printf("Java %s, %d cores%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
            LoadTest test = new LoadTest(url, clients, Duration.ofSeconds(seconds));
            // The JIT compilers need several seconds of this load before the code is fast; do not count them.
            test.run(Duration.ofSeconds(warmUp), "warm-up-");
            List<Result> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                Result result = test.run(Duration.ofSeconds(seconds), "run-" + run + "-");
                results.add(result);
                System.out.printf("run %d: %s%n", run, result);
            }
            Result median = median(results);
            System.out.printf("median of %d runs: %s%n", runs, median);
        } finally {
            if (inProcess != null) {
                inProcess.close();
                lockstep.workshop.ScratchFolders.deleteQuietly(folder);
            }
        }
    }

    /** One run of {@code length}; each client uses the resource {@code resourcePrefix + its number}. */
    public Result run(Duration length, String resourcePrefix) throws Exception {
        CyclicBarrier start = new CyclicBarrier(clients);
        long[][] latencies = new long[clients][];
        int[] counts = new int[clients];
        long[] elapsed = new long[clients];
        List<Thread> threads = new ArrayList<>();
        long cpuBefore = processCpuNanos();
        try (LockServerClient client = LockServerClient.connect(server)) {
            for (int c = 0; c < clients; c++) {
                int me = c;
                Thread thread = new Thread(() -> {
                    long[] mine = new long[1 << 14];
                    int count = 0;
                    String resource = resourcePrefix + me;
                    String owner = "load-client-" + me;
                    try {
                        start.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    long begin = System.nanoTime();
                    long end = begin + length.toNanos();
                    long now = begin;
                    while (now < end) {
                        AcquireOutcome outcome = client.acquire(resource, owner, Duration.ofSeconds(30));
                        Grant grant = outcome.grantIfAny().orElseThrow(() ->
                                new IllegalStateException(resource + " was not granted: " + outcome));
                        if (!(client.release(grant) instanceof ReleaseOutcome.Released)) {
                            throw new IllegalStateException(resource + " was not released");
                        }
                        long after = System.nanoTime();
                        if (count == mine.length) {
                            mine = Arrays.copyOf(mine, count * 2);
                        }
                        mine[count++] = after - now;
                        now = after;
                    }
                    latencies[me] = mine;
                    counts[me] = count;
                    elapsed[me] = now - begin;
                }, "load-client-" + c);
                threads.add(thread);
                thread.start();
            }
            for (Thread thread : threads) {
                thread.join();
            }
        }
        long cpuUsed = processCpuNanos() - cpuBefore;
        long total = Arrays.stream(counts).sum();
        long[] all = new long[(int) total];
        int at = 0;
        for (int c = 0; c < clients; c++) {
            System.arraycopy(latencies[c], 0, all, at, counts[c]);
            at += counts[c];
        }
        Arrays.sort(all);
        double seconds = Arrays.stream(elapsed).max().orElse(1) / 1e9;
        return new Result(total / seconds, percentile(all, 0.50), percentile(all, 0.99),
                total == 0 ? Double.NaN : cpuUsed / 1e3 / total, loadAverage());
    }

    /** The machine's one-minute load average: how much else wanted the cores while this ran. */
    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean
                ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : 0;
    }

    private static double percentile(long[] sorted, double fraction) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /** The run with the median throughput, so its three figures belong together. */
    static Result median(List<Result> results) {
        List<Result> sorted = new ArrayList<>(results);
        sorted.sort(Comparator.comparingDouble(Result::pairsPerSecond));
        return sorted.get(sorted.size() / 2);
    }
}
