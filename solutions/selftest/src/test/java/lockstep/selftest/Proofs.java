package lockstep.selftest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import lockstep.workshop.grading.GradeReport;
import lockstep.workshop.grading.GraderRun;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.WorkshopHome;

/**
 * The self-test's grader runs, all started at once on a few threads: every lab's grader against its starter and its
 * reference solution, and against each known-buggy variant on the check named for its mistake. The tests wait for the
 * reports and judge them.
 *
 * <p>The whole grades go first, starters then solutions: each runs every check (Lab 05's starter takes two minutes), a
 * variant one, so the long runs start first and the short ones fill the threads around them. Each proof of a lab whose
 * grader counts ZooKeeper's reads or watch notifications (Labs 03 and 04 today) runs in a JVM of its own
 * ({@link ProofInItsOwnJvm}).
 */
final class Proofs {

    /** The starter's name among a lab's implementations, as {@code ./lockstep grade --impl} takes it. */
    static final String STARTER = "learner";
    /** The reference solution's name among a lab's implementations. */
    static final String SOLUTION = "solution";

    /**
     * One grader run: against {@code code}, the starter ({@value #STARTER}), the solution ({@value #SOLUTION}) or a
     * variant's name; on every check, or on {@code check} alone for a variant.
     */
    record Proof(Lab lab, String code, String check, Future<GradeReport> future) {

        /**
         * The test's name: {@code Lab 04: the starter fails}, {@code Lab 04: the solution passes}, or
         * {@code Lab 04: v fails 'check'}.
         */
        String name() {
            return switch (code) {
                case STARTER -> "Lab " + lab.id() + ": the starter fails";
                case SOLUTION -> "Lab " + lab.id() + ": the solution passes";
                default -> "Lab " + lab.id() + ": " + code + " fails '" + check + "'";
            };
        }

        /** The grader's report, once its run has ended; a run that threw rethrows here, in the test that waits. */
        GradeReport report() throws Throwable {
            try {
                return future.get();
            } catch (ExecutionException e) {
                throw e.getCause();
            }
        }
    }

    /** The toolkit's classes that count with ZooKeeper's server metrics, as a class file names them. */
    private static final List<String> JVM_WIDE_COUNTERS = List.of(
            "lockstep/workshop/zookeeper/ReadCounter",
            "lockstep/workshop/zookeeper/WatchNotificationCounter",
            "lockstep/workshop/zookeeper/HerdMeasurement",
            "lockstep/workshop/zookeeper/JvmServerMetrics",
            "lockstep/workshop/grading/WaitWithoutPolling",
            "lockstep/workshop/grading/QueueRecorder");

    private final List<Proof> starters;
    private final List<Proof> solutions;
    private final List<Proof> variants;

    private Proofs(List<Proof> starters, List<Proof> solutions, List<Proof> variants) {
        this.starters = starters;
        this.solutions = solutions;
        this.variants = variants;
    }

    /**
     * Starts every proof of {@code labs}, {@code atOnce} at a time. The proofs of a lab whose grader counts what every
     * ZooKeeper server in a JVM counts ({@link #countsJvmWideMetrics}) each run in a JVM of their own.
     */
    static Proofs start(List<Lab> labs, int atOnce) {
        if (atOnce < 1) {
            throw new IllegalArgumentException("-Dlockstep.selftest.parallel was " + atOnce
                    + "; give how many proofs run at once, 1 or more (1: one after another)");
        }
        Implementations implementations = new Implementations(WorkshopHome.current());
        ExecutorService threads = Executors.newFixedThreadPool(atOnce, new ProofThreads());
        Set<Lab> countingLabs = labs.stream().filter(lab -> countsJvmWideMetrics(implementations.graderClasses(lab)))
                .collect(Collectors.toSet());
        // The newest labs first: their graders have the most checks, and Lab 05's starter waits out every retry.
        List<Lab> newestFirst = labs.stream().sorted(Comparator.comparing(Lab::id).reversed()).toList();
        List<Proof> starters = new ArrayList<>();
        List<Proof> solutions = new ArrayList<>();
        List<Proof> variants = new ArrayList<>();
        for (Lab lab : newestFirst) {
            starters.add(new Proof(lab, STARTER, null,
                    threads.submit(proof(implementations, lab, STARTER, null, countingLabs.contains(lab)))));
        }
        for (Lab lab : newestFirst) {
            solutions.add(new Proof(lab, SOLUTION, null,
                    threads.submit(proof(implementations, lab, SOLUTION, null, countingLabs.contains(lab)))));
        }
        for (Lab lab : labs) {
            implementations.knownMistakes(lab).forEach((variant, check) -> variants.add(new Proof(lab, variant, check,
                    threads.submit(proof(implementations, lab, variant, check, countingLabs.contains(lab))))));
        }
        threads.shutdown(); // the threads end once the last proof has run
        Comparator<Proof> byLab = Comparator.comparing(proof -> proof.lab().id());
        starters.sort(byLab);
        solutions.sort(byLab);
        return new Proofs(List.copyOf(starters), List.copyOf(solutions), List.copyOf(variants));
    }

    /** One grader run against the implementation called {@code code}: on every check, or on {@code check} alone. */
    private static Callable<GradeReport> proof(Implementations implementations, Lab lab, String code, String check,
            boolean inItsOwnJvm) {
        if (inItsOwnJvm) {
            return () -> ProofInItsOwnJvm.run(lab, code, check);
        }
        return () -> {
            GraderRun run = GraderRun.of(implementations.graderClasses(lab), implementations.named(lab, code));
            return (check == null ? run : run.onlyCheck(check)).run(result -> { });
        };
    }

    /**
     * Whether the grader in {@code graderClasses} uses one of the toolkit's counters of ZooKeeper's server metrics
     * (reads, watch notifications). ZooKeeper keeps those metrics once per JVM, for all its servers, and a server that
     * starts anywhere in the JVM sets them back to zero: beside another proof in the same JVM, such a count would take
     * in the other proof's reads, or lose its own, and a variant could pass the check meant to catch it (Lab 03's
     * {@code polls-with-sleep} did, in a CI rehearsal).
     */
    static boolean countsJvmWideMetrics(Path graderClasses) {
        try (Stream<Path> files = Files.walk(graderClasses)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String bytes = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                if (JVM_WIDE_COUNTERS.stream().anyMatch(bytes::contains)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the grader's classes in " + graderClasses, e);
        }
    }

    List<Proof> starters() {
        return starters;
    }

    List<Proof> solutions() {
        return solutions;
    }

    List<Proof> variants() {
        return variants;
    }

    /** Daemon threads named for what they do, so a thread dump of a stuck self-test reads plainly. */
    private static final class ProofThreads implements java.util.concurrent.ThreadFactory {

        private final AtomicInteger made = new AtomicInteger();

        @Override
        public Thread newThread(Runnable proof) {
            Thread thread = new Thread(proof, "grader-proof-" + made.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
