package lockstep.workshop.race;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Notices when this JVM stands still, and keeps what node processes report of their own: the freezes nobody planned.
 *
 * <p>Why: every lock in the labs has a lease (a TTL, a ZooKeeper session, a Redlock validity). When a machine has far
 * more work than cores, a JVM can get no CPU for seconds; then its session expires or its lease runs out although
 * its code did nothing wrong, and a check would blame the learner for the machine. A grader asks this watch whether
 * anything froze while a check ran, and if so calls a failure inconclusive instead (see
 * {@link lockstep.workshop.grading.JudgedOnlyWhenAwake}).
 *
 * <p>How: a daemon thread sleeps {@value #TICK_MS} ms at a time; a wake-up later than {@value #NOTICED_MS} ms past
 * its time means no thread of this JVM could run meanwhile (a sleeping thread is the first the scheduler wakes). The
 * same idea as a "hiccup meter". A JVM stopped on purpose (a node paused by a fault) is told apart by the race,
 * which does not pass on what the paused node reports.
 */
public final class FreezeWatch {

    /**
     * The shortest freeze that may have cost a lease. The shortest leases in the labs are Lab 02's 2 s TTL, renewed
     * every 0.6 s, and a 4 s ZooKeeper session, whose client pings after 1.3 s of quiet: a freeze of a second can make
     * either late. A healthy JVM here never stands still for a tenth of that.
     */
    public static final Duration LONG_ENOUGH_TO_COST_A_LEASE = Duration.ofSeconds(1);

    /** How long the watching thread sleeps between looks. */
    static final long TICK_MS = 10;
    /** How late a wake-up must be to count as a freeze: far more than any pause of a healthy JVM here. */
    static final long NOTICED_MS = 300;

    private static final List<Freeze> HEARD = new CopyOnWriteArrayList<>();
    private static final List<Consumer<Freeze>> LISTENERS = new CopyOnWriteArrayList<>();
    private static Thread watcher;

    private FreezeWatch() {
    }

    /** Starts watching this JVM, once; later calls do nothing. {@code where} names this JVM in what it reports. */
    public static synchronized void start(String where) {
        if (watcher != null) {
            return;
        }
        watcher = new Thread(() -> watch(where), "freeze-watch");
        watcher.setDaemon(true);
        watcher.setPriority(Thread.MAX_PRIORITY);
        watcher.start();
    }

    /** Calls {@code listener} with each freeze this JVM notices from now on (a node process passes them on). */
    public static void onFreeze(Consumer<Freeze> listener) {
        LISTENERS.add(listener);
    }

    /** Keeps a freeze that another JVM noticed and reported. */
    public static void heard(Freeze freeze) {
        HEARD.add(freeze);
    }

    /** The longest freeze that began at or after {@code nanoTime}, here or reported. */
    public static Optional<Freeze> longestSince(long nanoTime) {
        List<Freeze> since = new ArrayList<>();
        for (Freeze freeze : HEARD) {
            if (freeze.nanoTime() - nanoTime >= 0) {
                since.add(freeze);
            }
        }
        return since.stream().max(Comparator.comparing(Freeze::length));
    }

    /** The longest freeze since {@code nanoTime} that was {@link #LONG_ENOUGH_TO_COST_A_LEASE}, if there was one. */
    public static Optional<Freeze> longEnoughToCostALeaseSince(long nanoTime) {
        return longestSince(nanoTime).filter(freeze -> freeze.length().compareTo(LONG_ENOUGH_TO_COST_A_LEASE) >= 0);
    }

    /** For example "the load average was 38.2 on 2 cores", to say how busy the machine is. */
    public static String machineLoad() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        return load < 0 ? "the load average is not known; " + cores + " cores"
                : String.format(Locale.ROOT, "the load average was %.1f on %d cores", load, cores);
    }

    private static void watch(String where) {
        long expected = System.nanoTime() + TICK_MS * 1_000_000;
        while (true) {
            try {
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            long lateMs = (now - expected) / 1_000_000;
            if (lateMs >= NOTICED_MS) {
                Freeze freeze = new Freeze(where, expected, Duration.ofMillis(lateMs));
                HEARD.add(freeze);
                LISTENERS.forEach(listener -> listener.accept(freeze));
            }
            expected = now + TICK_MS * 1_000_000;
        }
    }
}
