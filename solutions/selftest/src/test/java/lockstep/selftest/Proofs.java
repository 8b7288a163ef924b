package lockstep.selftest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import lockstep.workshop.grading.GradeReport;
import lockstep.workshop.grading.GraderRun;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.WorkshopHome;

/**
 * The self-test's grader runs, all started at once on a few threads: every lab's grader against its starter, and against
 * each known-buggy variant on the check named for its mistake. The tests wait for the reports and judge them.
 *
 * <p>The starters go first: a starter is graded on every check (Lab 05's takes two minutes), a variant on one, so the
 * long runs start first and the short ones fill the threads around them.
 */
final class Proofs {

    /** One grader run: {@code variant} is null for the starter, and {@code check} then names no single check. */
    record Proof(Lab lab, String variant, String check, Future<GradeReport> future) {

        /** The test's name: {@code Lab 04: the starter fails}, or {@code Lab 04: v fails 'check'}. */
        String name() {
            return variant == null ? "Lab " + lab.id() + ": the starter fails"
                    : "Lab " + lab.id() + ": " + variant + " fails '" + check + "'";
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

    private final List<Proof> starters;
    private final List<Proof> variants;

    private Proofs(List<Proof> starters, List<Proof> variants) {
        this.starters = starters;
        this.variants = variants;
    }

    /** Starts every proof of {@code labs}, {@code atOnce} at a time. */
    static Proofs start(List<Lab> labs, int atOnce) {
        if (atOnce < 1) {
            throw new IllegalArgumentException("-Dlockstep.selftest.parallel was " + atOnce
                    + "; give how many proofs run at once, 1 or more (1: one after another)");
        }
        Implementations implementations = new Implementations(WorkshopHome.current());
        ExecutorService threads = Executors.newFixedThreadPool(atOnce, new ProofThreads());
        List<Proof> starters = new ArrayList<>();
        // The newest labs first: their graders have the most checks, and Lab 05's starter waits out every retry.
        labs.stream().sorted(Comparator.comparing(Lab::id).reversed()).forEach(lab -> starters.add(new Proof(lab, null,
                null, threads.submit(() -> GraderRun.of(implementations.graderClasses(lab),
                        implementations.learner(lab)).run(check -> { })))));
        List<Proof> variants = new ArrayList<>();
        for (Lab lab : labs) {
            implementations.knownMistakes(lab).forEach((variant, check) -> variants.add(new Proof(lab, variant, check,
                    threads.submit(() -> GraderRun.of(implementations.graderClasses(lab),
                            implementations.variant(lab, variant)).onlyCheck(check).run(result -> { })))));
        }
        threads.shutdown(); // the threads end once the last proof has run
        starters.sort(Comparator.comparing(proof -> proof.lab().id()));
        return new Proofs(List.copyOf(starters), List.copyOf(variants));
    }

    List<Proof> starters() {
        return starters;
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
