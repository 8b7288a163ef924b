package lockstep.workshop.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.redis.RedisServers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep bench redlock}: Lab 07's lock on one Redis server against the same code on five, in one run, rounds
 * alternating, so that the machine's load falls on both alike: what a majority of five costs per acquisition.
 */
@Command(name = "redlock", mixinStandardHelpOptions = true,
        description = {"Measure Lab 07's lock on one Redis server (a majority of one: the single-instance lock) against"
                + " the same code on five (Redlock), on five real Redis servers of its own, in one run.",
                "Contenders, each with its own clients, take turns on one key with no work inside the lock. Each round"
                        + " runs both once. Prints acquisitions per second (median of the rounds) and the ratio of"
                        + " five to one, paired round by round. It takes one to three minutes."})
public final class BenchRedlockCommand implements Callable<Integer> {

    /** How long one contender waits for its turn before the run counts as hung: far longer than a turn takes. */
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    @Spec
    private CommandSpec spec;

    @Option(names = "--impl", paramLabel = "CODE", defaultValue = Implementations.LEARNER,
            description = "Whose Lab 07 code runs: learner (yours, in labs/; the default), solution, or a known-buggy"
                    + " variant's name.")
    private String impl;

    @Option(names = "--contenders", paramLabel = "N", split = ",", defaultValue = "1,8",
            description = "How many contenders take turns, each number in rounds of its own (default: 1,8; with 1"
                    + " nobody waits, so the figure is the cost of one acquisition and release).")
    private List<Integer> contenders;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Rounds per number of contenders (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--acquisitions", paramLabel = "N", defaultValue = "300",
            description = "Acquisitions per run (default ${DEFAULT-VALUE}).")
    private int acquisitions;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        checkOptions();
        Lab lab = LabCatalog.parse("07");
        Implementation code = new Implementations(WorkshopHome.current()).named(lab, impl);
        LockSeam<AutoCloseable> seam = LockSeam.of(code, AutoCloseable.class);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String loadBefore = BenchLocksCommand.loadAverage();
        List<Row> rows = new ArrayList<>();
        try (RedisServers servers = RedisServers.of(5).start()) {
            Services one = Services.redis(servers.addresses().subList(0, 1));
            Services five = Services.redis(servers.addresses());
            for (int count : contenders) {
                measureOnce(seam, one, count); // warming up, not counted: the JIT compiler, the first connections
                measureOnce(seam, five, count);
                double[] oneRates = new double[rounds];
                double[] fiveRates = new double[rounds];
                for (int round = 0; round < rounds; round++) {
                    if (!json) {
                        err.printf(Locale.ROOT, "  round %d of %d, %d contender%s%n", round + 1, rounds, count,
                                count == 1 ? "" : "s");
                        err.flush();
                    }
                    // Alternate which goes first, so neither always runs on a warmer machine.
                    if (round % 2 == 0) {
                        oneRates[round] = measureOnce(seam, one, count);
                        fiveRates[round] = measureOnce(seam, five, count);
                    } else {
                        fiveRates[round] = measureOnce(seam, five, count);
                        oneRates[round] = measureOnce(seam, one, count);
                    }
                }
                rows.add(new Row(count, oneRates, fiveRates));
            }
        }
        String machine = String.format(Locale.ROOT, "Java %s, %d cores, load average %s before and %s after",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), loadBefore, BenchLocksCommand.loadAverage());
        if (json) {
            out.println(toJson(code, rows, machine));
        } else {
            printTable(out, code, rows, machine);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** One run: {@code count} contenders share {@link #acquisitions} turns on one key; acquisitions per second. */
    private double measureOnce(LockSeam<AutoCloseable> seam, Services services, int count) throws Exception {
        List<AutoCloseable> clients = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                clients.add(seam.connect("bench-" + (i + 1), services));
            }
            AtomicInteger turnsLeft = new AtomicInteger(acquisitions);
            AtomicReference<Exception> failure = new AtomicReference<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                AutoCloseable client = clients.get(i);
                String node = "bench-" + (i + 1);
                Thread thread = new Thread(() -> takeTurns(seam, client, node, turnsLeft, go, failure), node);
                threads.add(thread);
                thread.start();
            }
            long start = System.nanoTime();
            go.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
            long elapsed = System.nanoTime() - start;
            if (failure.get() != null) {
                throw new IllegalStateException("a contender failed: " + failure.get().getMessage(), failure.get());
            }
            return acquisitions / (elapsed / 1e9);
        } finally {
            for (AutoCloseable client : clients) {
                client.close();
            }
        }
    }

    private static void takeTurns(LockSeam<AutoCloseable> seam, AutoCloseable client, String node,
            AtomicInteger turnsLeft, CountDownLatch go, AtomicReference<Exception> failure) {
        try {
            go.await();
            for (int turn = 1; turnsLeft.getAndDecrement() > 0; turn++) {
                DistributedLock lock = seam.lock(client, node, node + "-turn-" + turn, "A1");
                if (!lock.acquire(MAX_WAIT)) {
                    throw new IllegalStateException(node + " did not get the lock within " + MAX_WAIT.toSeconds()
                            + " s: the run hung");
                }
                lock.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.compareAndSet(null, e);
            turnsLeft.set(0);
        }
    }

    private void checkOptions() {
        if (contenders.stream().anyMatch(count -> count < 1 || count > 64)) {
            throw new ParameterException(spec.commandLine(), "--contenders takes numbers from 1 to 64, such as 1,8,"
                    + " but was " + contenders);
        }
        if (rounds < 1 || rounds > 99) {
            throw new ParameterException(spec.commandLine(), "--rounds must be between 1 and 99, but was " + rounds);
        }
        if (acquisitions < 10 || acquisitions > 100_000) {
            throw new ParameterException(spec.commandLine(), "--acquisitions must be between 10 and 100000, but was "
                    + acquisitions);
        }
    }

    private void printTable(PrintWriter out, Implementation code, List<Row> rows, String machine) {
        out.printf(Locale.ROOT, "Lab 07's lock (%s), one Redis server against five: %d acquisitions per run, %d round%s;"
                + " %s.%n%n", code.name(), acquisitions, rounds, rounds == 1 ? "" : "s", machine);
        String format = "%-12s %18s %18s %14s%n";
        out.printf(Locale.ROOT, format, "contenders", "1 server, acq/s", "5 servers, acq/s", "5 against 1");
        for (Row row : rows) {
            out.printf(Locale.ROOT, format, row.contenders(), String.format(Locale.ROOT, "%.0f", median(row.one())),
                    String.format(Locale.ROOT, "%.0f", median(row.five())),
                    String.format(Locale.ROOT, "%.2f", row.pairedRatio()));
        }
        out.println();
        out.println("acq/s: acquisitions and releases per second, median of the rounds. 5 against 1: five servers'"
                + " rate over one server's in the same round, median of the rounds.");
    }

    private String toJson(Implementation code, List<Row> rows, String machine) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("impl", code.name());
        json.put("acquisitions", acquisitions);
        json.put("rounds", rounds);
        json.put("machine", machine);
        List<Map<String, Object>> results = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("contenders", row.contenders());
            result.put("oneServerPerSecond", Math.round(median(row.one())));
            result.put("fiveServersPerSecond", Math.round(median(row.five())));
            result.put("fiveAgainstOne", Math.round(row.pairedRatio() * 1000) / 1000.0);
            results.add(result);
        }
        json.put("results", results);
        return JSON.std.asString(json);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The rates of one number of contenders, round by round. */
    private record Row(int contenders, double[] one, double[] five) {

        /** Five servers' rate over one server's, round by round, then the median. */
        double pairedRatio() {
            double[] ratios = new double[one.length];
            for (int i = 0; i < one.length; i++) {
                ratios[i] = five[i] / one[i];
            }
            return median(ratios);
        }
    }
}
