package lockstep.workshop.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.function.Consumer;
import lockstep.workshop.grading.HerdContender;
import lockstep.workshop.zookeeper.HerdMeasurement;

/**
 * ZooKeeper locks side by side, on one ZooKeeper, in one run: for each number of waiters, every lock
 * takes its turn in each round (the first lock of a round changes from round to round), so that a
 * change in the machine's load falls on all of them alike. In each run, contenders (each a session of
 * its own, on a thread of its own) take turns on one lock with no work inside it, until it has been
 * acquired the number of times asked for. A run gives handoffs per second, watch notifications per
 * handoff (the server's own count, {@link HerdMeasurement}), and every handoff's latency (from a
 * holder's call to {@code release()} to the next holder's {@code acquire()} returning).
 *
 * <p>Limits: the server must run in this JVM, and nothing else may use it meanwhile (its counts are
 * per JVM). A lock that hangs, fails or lets two contenders hold it at once ends its own row with the
 * reason; the other locks go on.
 */
public final class LockBench {

    /** How long a contender waits for its turn before the run counts as hung: far longer than any turn takes. */
    static final Duration MAX_WAIT = Duration.ofMinutes(1);
    /** The session timeout of Curator's clients: the labs' nodes ask for the same. */
    private static final Duration CURATOR_SESSION = Duration.ofSeconds(4);
    /** A run in which nobody got the lock for this long has hung. */
    private static final Duration STUCK_AFTER = Duration.ofSeconds(30);
    /** The longest one run may take. */
    private static final Duration RUN_BUDGET = Duration.ofMinutes(5);

    /** Connects the contenders of one lock, each telling {@code turns} of its grants and releases. */
    @FunctionalInterface
    public interface Contenders {
        HerdMeasurement.Contenders reporting(HerdContender.Turns turns);
    }

    /**
     * One lock under test.
     *
     * @param name        how the table names it, for example {@code Lab 04 · The lock recipe: a queue of znodes}
     * @param code        whose code it is, for example {@code solution}, or {@code Curator 5.9.0}
     * @param contenders  how its contenders connect
     */
    public record Lock(String name, String code, Contenders contenders) {

        public Lock {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(contenders, "contenders");
        }
    }

    /**
     * What to measure.
     *
     * @param waiters       the numbers of contenders, each measured in its own rounds, for example 8 and 32
     * @param rounds        rounds per number of contenders; each round runs every lock once
     * @param acquisitions  acquisitions per run
     */
    public record Settings(List<Integer> waiters, int rounds, int acquisitions) {

        public Settings {
            waiters = List.copyOf(waiters);
            if (waiters.isEmpty() || waiters.stream().anyMatch(count -> count < 2)) {
                throw new IllegalArgumentException("a handoff needs at least 2 contenders, was " + waiters);
            }
            if (rounds < 1 || acquisitions < 2) {
                throw new IllegalArgumentException("at least 1 round of 2 acquisitions, was " + rounds + " rounds of "
                        + acquisitions);
            }
        }
    }

    /**
     * One run of one lock.
     *
     * @param handoffsPerSecond        acquire-and-release cycles per second, all contenders together
     * @param notificationsPerHandoff  watch notifications the server sent per handoff
     * @param handoffNanos             every handoff's latency
     */
    public record Run(double handoffsPerSecond, double notificationsPerHandoff, long[] handoffNanos) {
    }

    /**
     * The runs of one lock with one number of contenders.
     *
     * @param lock     the lock
     * @param waiters  the number of contenders
     * @param runs     its runs, one per round, in order
     * @param failure  why its runs stopped early, or empty
     */
    public record Row(Lock lock, int waiters, List<Run> runs, String failure) {

        /** Median over the runs. */
        public double handoffsPerSecond() {
            return median(runs.stream().mapToDouble(Run::handoffsPerSecond).toArray());
        }

        /** Median over the runs. */
        public double notificationsPerHandoff() {
            return median(runs.stream().mapToDouble(Run::notificationsPerHandoff).toArray());
        }

        /** The {@code percentile} (0 to 100) of every handoff of every run, in milliseconds. */
        public double handoffMillis(double percentile) {
            long[] all = runs.stream().flatMapToLong(run -> Arrays.stream(run.handoffNanos())).sorted().toArray();
            if (all.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.min(all.length - 1, Math.floor(all.length * percentile / 100.0));
            return all[index] / 1e6;
        }

        /**
         * This lock's handoffs per second divided by {@code reference}'s in the same round, median over the
         * rounds both finished: the two ran back to back, so a change in the load falls on both.
         */
        public OptionalDouble pairedRatioTo(Row reference) {
            int rounds = Math.min(runs.size(), reference.runs().size());
            if (rounds == 0) {
                return OptionalDouble.empty();
            }
            double[] ratios = new double[rounds];
            for (int i = 0; i < rounds; i++) {
                ratios[i] = runs.get(i).handoffsPerSecond() / reference.runs().get(i).handoffsPerSecond();
            }
            return OptionalDouble.of(median(ratios));
        }
    }

    private LockBench() {
    }

    /** How long a contender waits for its turn before its run counts as hung. */
    public static Duration maxWait() {
        return MAX_WAIT;
    }

    /** Contenders on Curator's {@code InterProcessMutex}, with the labs' 4 s sessions. */
    public static Contenders curatorContenders() {
        return turns -> CuratorContender.connecting(CURATOR_SESSION, MAX_WAIT, turns);
    }

    /**
     * Measures {@code locks} on the ZooKeeper at {@code connectString}, telling {@code progress} what runs.
     *
     * @return one row per lock and number of contenders, the locks in the order given, the numbers of
     *     contenders in the order of the settings
     */
    public static List<Row> measure(String connectString, List<Lock> locks, Settings settings, Consumer<String> progress)
            throws InterruptedException {
        List<Row> rows = new ArrayList<>();
        boolean warm = false;
        for (int waiters : settings.waiters()) {
            Map<Lock, List<Run>> runs = new LinkedHashMap<>();
            Map<Lock, String> failures = new LinkedHashMap<>();
            locks.forEach(lock -> runs.put(lock, new ArrayList<>()));
            if (!warm) {
                // A first run of each lock, not counted: the JIT compiler, the server's caches, the first folders.
                for (Lock lock : locks) {
                    progress.accept("warming up: " + lock.name() + ", " + waiters + " waiters");
                    try {
                        measureOnce(connectString, lock, waiters, settings.acquisitions());
                    } catch (IllegalStateException e) {
                        // Not counted either way: the measured rounds say what went wrong.
                    }
                }
                warm = true;
            }
            for (int round = 0; round < settings.rounds(); round++) {
                for (int i = 0; i < locks.size(); i++) {
                    Lock lock = locks.get((i + round) % locks.size());
                    if (failures.containsKey(lock)) {
                        continue;
                    }
                    progress.accept("round " + (round + 1) + " of " + settings.rounds() + ", " + waiters + " waiters: "
                            + lock.name());
                    try {
                        runs.get(lock).add(measureOnce(connectString, lock, waiters, settings.acquisitions()));
                    } catch (IllegalStateException e) {
                        failures.put(lock, e.getMessage());
                    }
                }
            }
            for (Lock lock : locks) {
                rows.add(new Row(lock, waiters, List.copyOf(runs.get(lock)), failures.getOrDefault(lock, "")));
            }
        }
        return rows;
    }

    private static Run measureOnce(String connectString, Lock lock, int waiters, int acquisitions)
            throws InterruptedException {
        HandoffTimeline timeline = new HandoffTimeline();
        HerdMeasurement.Result result = HerdMeasurement.measure(connectString, waiters, acquisitions,
                lock.contenders().reporting(timeline), RUN_BUDGET, STUCK_AFTER);
        return new Run(result.acquisitionsPerSecond(), result.herd().perHandoff(), timeline.handoffNanos());
    }

    private static double median(double[] values) {
        if (values.length == 0) {
            return Double.NaN;
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
