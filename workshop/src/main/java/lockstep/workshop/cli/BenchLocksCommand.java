package lockstep.workshop.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import lockstep.workshop.bench.LockBench;
import lockstep.workshop.grading.HerdContender;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep bench locks}: every ZooKeeper lab's lock and Curator's {@code InterProcessMutex}
 * side by side on one embedded ZooKeeper, in one run, rounds alternating between the locks: handoffs
 * per second, p50 and p99 handoff latency, and watch notifications per handoff, as a table or JSON.
 * A new ZooKeeper lab gets its row from the catalog.
 */
@Command(name = "locks", mixinStandardHelpOptions = true,
        description = {"Measure every ZooKeeper lab's lock (03: one znode, 04: the queue, and later labs) beside"
                + " Curator's InterProcessMutex, on one embedded ZooKeeper of its own (fsync on), in one run.",
                "Contenders, each with a session of its own, take turns on one lock with no work inside it. In each"
                        + " round every lock runs once, so that the machine's load falls on all of them alike.",
                "Prints, per lock and number of waiters: handoffs per second (median of the rounds), the handoff"
                        + " latency from a release to the next grant (p50 and p99 of every handoff), watch"
                        + " notifications per handoff (the server's own count), and the rate beside Curator's,"
                        + " paired round by round. It takes a few minutes."})
public final class BenchLocksCommand implements Callable<Integer> {

    /** The reference lock every row is compared with. */
    private static final String CURATOR = "Curator InterProcessMutex";

    @Spec
    private CommandSpec spec;

    @Option(names = "--impl", paramLabel = "CODE", defaultValue = Implementations.LEARNER,
            description = "Whose code each lab's row runs: learner (yours, in labs/; the default), solution, or a"
                    + " known-buggy variant's name (only the lab that has it gets a row).")
    private String impl;

    @Option(names = "--waiters", paramLabel = "N", split = ",", defaultValue = "8,32",
            description = "How many contenders take turns on the lock, for example 8 or 32 (default: 8,32, each"
                    + " in rounds of its own).")
    private List<Integer> waiters;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "5",
            description = "Rounds per number of waiters; each round runs every lock once (default ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--acquisitions", paramLabel = "N", defaultValue = "400",
            description = "Acquisitions of the lock per run (default ${DEFAULT-VALUE}).")
    private int acquisitions;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        LockBench.Settings settings = settings();
        List<LockBench.Lock> locks = locks();
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start()) {
            String loadBefore = loadAverage();
            List<LockBench.Row> rows = LockBench.measure(zooKeeper.connectString(), locks, settings, step -> {
                if (!json) {
                    err.println("  " + step);
                    err.flush();
                }
            });
            String machine = String.format(Locale.ROOT, "Java %s, %d cores, load average %s before and %s after",
                    Runtime.version(), Runtime.getRuntime().availableProcessors(), loadBefore, loadAverage());
            if (json) {
                out.println(toJson(rows, settings, machine));
            } else {
                printTable(out, rows, settings, machine);
            }
            out.flush();
            boolean everyLockFinished = rows.stream().allMatch(row -> row.failure().isEmpty());
            return everyLockFinished ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
        }
    }

    private LockBench.Settings settings() {
        if (waiters.stream().anyMatch(count -> count < 2 || count > 256)) {
            throw new ParameterException(spec.commandLine(), "--waiters takes numbers from 2 to 256, such as 8,32,"
                    + " but was " + waiters);
        }
        if (rounds < 1 || rounds > 99) {
            throw new ParameterException(spec.commandLine(), "--rounds must be between 1 and 99, but was " + rounds);
        }
        if (acquisitions < 10 || acquisitions > 100_000) {
            throw new ParameterException(spec.commandLine(), "--acquisitions must be between 10 and 100000, but was "
                    + acquisitions);
        }
        return new LockBench.Settings(waiters, rounds, acquisitions);
    }

    /** Every ZooKeeper lab's lock whose code --impl names, then Curator's mutex. */
    private List<LockBench.Lock> locks() {
        Implementations implementations = new Implementations(WorkshopHome.current());
        List<LockBench.Lock> locks = new ArrayList<>();
        boolean variant = !impl.equals(Implementations.LEARNER) && !impl.equals(Implementations.SOLUTION);
        for (Lab lab : LabCatalog.all()) {
            if (!lab.needs(Lab.Service.ZOOKEEPER)) {
                continue;
            }
            if (variant && !implementations.knownMistakes(lab).containsKey(impl)) {
                continue;
            }
            Implementation code = implementations.named(lab, impl);
            LockSeam<AutoCloseable> seam = LockSeam.of(code, AutoCloseable.class);
            locks.add(new LockBench.Lock("Lab " + lab.id() + " · " + lab.title(), code.name(),
                    turns -> HerdContender.connecting(seam, LockBench.maxWait(), turns)));
        }
        if (locks.isEmpty()) {
            throw new IllegalArgumentException("no ZooKeeper lab has a known-buggy variant called '" + impl + "'; --impl"
                    + " takes learner, solution, or a variant listed in solutions/labNN-.../variants/variants.properties.");
        }
        locks.add(new LockBench.Lock(CURATOR, curatorVersion(), LockBench.curatorContenders()));
        return locks;
    }

    private static void printTable(PrintWriter out, List<LockBench.Row> rows, LockBench.Settings settings,
            String machine) {
        out.printf(Locale.ROOT, "Locks side by side: %d acquisitions per run, %d round%s, one embedded ZooKeeper"
                + " (fsync on); %s.%n%n", settings.acquisitions(), settings.rounds(), settings.rounds() == 1 ? "" : "s",
                machine);
        String format = "%-46s %-10s %7s %11s %9s %9s %13s %10s%n";
        out.printf(Locale.ROOT, format, "lock", "code", "waiters", "handoffs/s", "p50 ms", "p99 ms", "notif/handoff",
                "vs Curator");
        for (LockBench.Row row : rows) {
            if (row.runs().isEmpty()) {
                out.printf(Locale.ROOT, "%-46s %-10s %7d   did not finish: %s%n", clip(row.lock().name(), 46),
                        clip(row.lock().code(), 10), row.waiters(), row.failure());
                continue;
            }
            out.printf(Locale.ROOT, format, clip(row.lock().name(), 46), clip(row.lock().code(), 10), row.waiters(),
                    String.format(Locale.ROOT, "%.0f", row.handoffsPerSecond()),
                    String.format(Locale.ROOT, "%.1f", row.handoffMillis(50)),
                    String.format(Locale.ROOT, "%.1f", row.handoffMillis(99)),
                    String.format(Locale.ROOT, "%.2f", row.notificationsPerHandoff()),
                    curatorOf(rows, row).flatMap(curator -> ratio(row, curator)).orElse(""));
            if (!row.failure().isEmpty()) {
                out.printf("%-46s   stopped after %d of %d rounds: %s%n", "", row.runs().size(), settings.rounds(),
                        row.failure());
            }
        }
        out.println();
        out.println("handoffs/s: median of the rounds. p50, p99: of every handoff, from a holder's release() to the"
                + " next grant. vs Curator: this lock's rate over Curator's in the same round, median of the rounds.");
    }

    private String toJson(List<LockBench.Row> rows, LockBench.Settings settings, String machine) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("impl", impl);
        json.put("acquisitions", settings.acquisitions());
        json.put("rounds", settings.rounds());
        json.put("server", "one embedded standalone ZooKeeper, fsync on");
        json.put("machine", machine);
        List<Map<String, Object>> results = new ArrayList<>();
        for (LockBench.Row row : rows) {
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("lock", row.lock().name());
            result.put("code", row.lock().code());
            result.put("waiters", row.waiters());
            result.put("roundsFinished", row.runs().size());
            if (!row.runs().isEmpty()) {
                result.put("handoffsPerSecond", round(row.handoffsPerSecond(), 1));
                result.put("p50HandoffMs", round(row.handoffMillis(50), 2));
                result.put("p99HandoffMs", round(row.handoffMillis(99), 2));
                result.put("notificationsPerHandoff", round(row.notificationsPerHandoff(), 3));
                result.put("handoffsPerSecondOfEachRound", row.runs().stream()
                        .map(run -> round(run.handoffsPerSecond(), 1)).toList());
                curatorOf(rows, row).map(row::pairedRatioTo).filter(OptionalDouble::isPresent)
                        .ifPresent(ratio -> result.put("ratioToCurator", round(ratio.getAsDouble(), 3)));
            }
            result.put("failure", row.failure());
            results.add(result);
        }
        json.put("results", results);
        try {
            return JSON.std.asString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Curator's row with the same number of waiters, unless {@code row} is Curator's. */
    private static Optional<LockBench.Row> curatorOf(List<LockBench.Row> rows, LockBench.Row row) {
        if (row.lock().name().equals(CURATOR)) {
            return Optional.empty();
        }
        return rows.stream().filter(other -> other.lock().name().equals(CURATOR) && other.waiters() == row.waiters())
                .findFirst();
    }

    private static Optional<String> ratio(LockBench.Row row, LockBench.Row curator) {
        OptionalDouble ratio = row.pairedRatioTo(curator);
        return ratio.isPresent() ? Optional.of(String.format(Locale.ROOT, "%.2f", ratio.getAsDouble())) : Optional.empty();
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Double.isNaN(value) ? value : Math.round(value * scale) / scale;
    }

    /** The 1-minute load average, on Linux; "?" elsewhere. Every benchmark prints it beside its figures. */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    private static String curatorVersion() {
        String version = org.apache.curator.framework.CuratorFramework.class.getPackage().getImplementationVersion();
        return version == null ? "Curator" : version;
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
