package lockstep.workshop.race;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.booking.Audit;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.DatabaseServer;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.grading.History;

/**
 * Runs one ticket race: puts the seats on sale, opens every node, holds the buyers at the start
 * barrier until every node is ready, lets them all press "Buy" at once, waits for every answer,
 * then audits the seat database.
 *
 * <pre>
 * RaceResult result = Race.run(RaceSetup.of(code).buyers(1000).nodes(10).seats(1));
 * </pre>
 */
public final class Race {

    /** How often to look whether the buyers still make progress. */
    private static final Duration LOOK_FOR_PROGRESS_EVERY = Duration.ofMillis(250);

    private Race() {
    }

    public static RaceResult run(RaceSetup setup) throws RaceException, InterruptedException {
        return run(setup, RaceListener.SILENT);
    }

    public static RaceResult run(RaceSetup setup, RaceListener listener) throws RaceException, InterruptedException {
        Path scratch = null;
        try {
            SeatDatabase database;
            if (setup.givenDatabase().isPresent()) {
                database = setup.givenDatabase().get();
            } else {
                scratch = Files.createTempDirectory("lockstep-race-");
                database = SeatDatabase.privateFile(scratch.resolve("seats"));
            }
            return runOn(database, scratch, setup, listener);
        } catch (IOException | SQLException e) {
            throw new RaceException("The race could not set up its database: " + e.getMessage(), e);
        } finally {
            ScratchFolders.deleteQuietly(scratch);
        }
    }

    private static RaceResult runOn(SeatDatabase database, Path scratch, RaceSetup setup, RaceListener listener)
            throws SQLException, RaceException, InterruptedException {
        Fault fault = setup.plannedFault().orElse(null);
        if (fault != null && fault.action().hitsTheLockService() && setup.ownedEnsemble().isEmpty()) {
            throw new RaceException("The fault '" + fault + "' stops servers of a ZooKeeper ensemble, so the race must"
                    + " own one: leave out --zk, and the race starts an ensemble of its own.");
        }
        RacePlan plan = setup.plan();
        database.reset(plan.seats());
        database.registerBuyers(plan.nodeOfEachBuyer());

        AtomicInteger answered = new AtomicInteger();
        ProgressWatch progress = new ProgressWatch();
        AnswerSink sink = (buyer, kind) -> {
            progress.answered(buyer, kind);
            listener.answered(answered.incrementAndGet(), plan.buyers());
        };
        // Every race keeps its history, for the timeline. The watch and the history hear each step first: a listener
        // after them may hold the buyer (a grader's pause).
        History history = new History();
        RaceSetup watched = setup.steps(StepListener.all(List.of(progress, history, setup.steps())));
        // Node processes cannot open this JVM's private database file; they reach it through a server.
        try (DatabaseServer server = setup.processes() && scratch != null ? DatabaseServer.serve(scratch.resolve("seats")) : null;
             Fleet fleet = fleetFor(watched, server == null ? database : server.remote(), sink, listener)) {
            StartBarrier barrier = new StartBarrier(totalCounters(setup));
            fleet.open(barrier);
            barrier.awaitAllReady();
            listener.started(plan.buyers());
            long start = System.nanoTime();
            progress.started();
            fleet.go(barrier);
            awaitDoneOrStalled(fleet, progress, setup);
            long durationMs = (System.nanoTime() - start) / 1_000_000;
            listener.finished();
            AuditReport audit = Audit.of(database);
            RaceResult result = new RaceResult(setup, audit, durationMs, fleet.faultReport(), history);
            lockstep.workshop.timeline.LastRace.remember(result); // a grader's failed check draws it
            return result;
        } catch (RaceException | InterruptedException | SQLException e) {
            throw e;
        } catch (Exception e) {
            throw new RaceException("The race failed: " + e, e);
        }
    }

    /**
     * Waits for every answer, unless the buyers stop making progress: when no step and no answer has come for
     * {@link RaceSetup#stallAfter()}, the race gives up on them and says who waits where, instead of hanging.
     */
    private static void awaitDoneOrStalled(Fleet fleet, ProgressWatch progress, RaceSetup setup)
            throws InterruptedException, RaceStalledException {
        while (!fleet.awaitDone(LOOK_FOR_PROGRESS_EVERY)) {
            if (progress.quietFor().compareTo(stallBound(progress, fleet, setup)) > 0) {
                List<String> buyers = setup.plan().nodeOfEachBuyer().keySet().stream().map(Buyer::id).sorted().toList();
                String report = progress.describe(buyers, fleet::whereIs, killedBy(fleet.faultReport()));
                LockServiceSnapshot.Snapshot service = LockServiceSnapshot.of(setup.services());
                fleet.abandon();
                // The rest of a grade need not wait its whole budget for the same hang (see Timing).
                Timing.noteThatTheCodeHangs();
                throw new RaceStalledException(report + (service.sentence().isEmpty() ? "" : " " + service.sentence()),
                        service.holdsALock());
            }
        }
    }

    /**
     * How long the race may be quiet. When the history shows that nobody still at work holds a lock, the quiet has no
     * innocent cause (a slow holder on a busy machine), so the setup's bound is enough; otherwise the bound is
     * stretched for the machine's load, so that a correct race whose holder is slowed down is never called stalled.
     */
    private static Duration stallBound(ProgressWatch progress, Fleet fleet, RaceSetup setup) {
        return progress.nobodyAtWorkHoldsALock(killedBy(fleet.faultReport())) ? setup.stallAfter()
                : stretchedForALoadedMachine(setup.stallAfter());
    }

    /** The node the race's fault killed, if it killed one. */
    private static Set<String> killedBy(FaultReport report) {
        return report != null && report.fired() && report.fault().action() == Fault.Action.KILL
                ? Set.of(report.node()) : Set.of();
    }

    /**
     * {@code bound}, longer in proportion when more threads want to run than the machine has cores: on a laptop
     * busy with a build, every step of a correct race takes longer too, and a stall must not be declared for that.
     * At most {@link #MOST_STRETCH} times longer, so that on a machine far beyond its cores a stalled race still ends
     * and says who waits where well before a grader's time limit for the whole check.
     */
    private static Duration stretchedForALoadedMachine(Duration bound) {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        double stretch = Math.min(MOST_STRETCH, load <= cores ? 1 : load / cores);
        return Duration.ofMillis(Math.round(bound.toMillis() * stretch));
    }

    /** The most a loaded machine stretches the stall bound: four times longer at four times as many threads as cores. */
    private static final double MOST_STRETCH = 4;

    private static Fleet fleetFor(RaceSetup setup, SeatDatabase database, AnswerSink sink, RaceListener listener) {
        return setup.processes() ? new ProcessFleet(setup, database, sink, listener)
                : new ThreadFleet(setup, database, sink, listener);
    }

    /** Threads wait for every counter; processes report once each, when all their counters are ready. */
    private static int totalCounters(RaceSetup setup) {
        RacePlan plan = setup.plan();
        if (setup.processes()) {
            return plan.nodes();
        }
        int total = 0;
        for (int i = 0; i < plan.nodes(); i++) {
            total += NodeRunner.countersFor(plan.buyersOf(i).size(), setup.countersPerNode());
        }
        return total;
    }
}
