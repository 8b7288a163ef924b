package lockstep.workshop.race;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.faults.ProcessKill;
import lockstep.workshop.faults.ProcessPause;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.redis.RedisServers;

/**
 * Every node a separate JVM running {@link NodeProcess}: real separate processes, as on ten
 * servers, sharing nothing but the seat database and the lock service.
 */
final class ProcessFleet implements Fleet {

    /** How often a held buyer's coordinator looks whether another buyer waits for a row lock. */
    private static final java.time.Duration LOOK_FOR_ROW_LOCKS_EVERY = java.time.Duration.ofMillis(5);

    /** Small heaps and a quick-starting compiler: ten JVMs must start on a 2-core laptop. */
    private static final List<String> JVM_OPTIONS = List.of(
            "-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto");

    private final RaceSetup setup;
    private final SeatDatabase database;
    private final AnswerSink sink;
    private final RaceListener listener;
    private final List<Process> processes = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final CountDownLatch done;
    private final AtomicReference<FaultReport> faultReport = new AtomicReference<>();
    /**
     * For a held buyer: counted down once a buyer of another node has moved on the held buyer's seat (see
     * {@link Fault.Action#HOLD}).
     */
    private final CountDownLatch anotherNodeMoved = new CountDownLatch(1);
    /** Counted down when someone other than the buyer held at a Redis fault confirms that buyer's seat. */
    private final CountDownLatch soldToAnother = new CountDownLatch(1);
    /** The seat each buyer wants, by buyer id. */
    private final java.util.Map<String, String> seatOf = new java.util.HashMap<>();
    /** The strike of a fault of the lock service, which stops servers while the buyer waits; null for other faults. */
    private final LockServiceStrike lockServiceStrike;
    private volatile boolean closing;

    ProcessFleet(RaceSetup setup, SeatDatabase database, AnswerSink sink, RaceListener listener) {
        this.setup = setup;
        this.database = database;
        this.sink = sink;
        this.listener = listener;
        this.done = new CountDownLatch(setup.plan().nodes());
        setup.plan().allBuyers().forEach(buyer -> seatOf.put(buyer.id(), buyer.seat()));
        setup.plannedFault().ifPresent(fault -> faultReport.set(FaultReport.notFired(fault)));
        this.lockServiceStrike = setup.plannedFault().filter(fault -> fault.action().hitsTheLockService())
                .map(fault -> new LockServiceStrike(setup)).orElse(null);
    }

    @Override
    public FaultReport faultReport() {
        return faultReport.get();
    }

    /** The node processes, once opened; fault injectors use them to kill or pause one. */
    List<Process> processes() {
        return List.copyOf(processes);
    }

    @Override
    public void open(StartBarrier barrier) throws IOException {
        prepareTheRedisFault();
        RacePlan plan = setup.plan();
        for (int i = 0; i < plan.nodes(); i++) {
            Process process = new ProcessBuilder(command(i)).start();
            processes.add(process);
            String node = plan.nodeName(i);
            // A node's own error output (stack traces, library logs) goes where this JVM's does, line by line and
            // marked with the node: a grade sends it to its log file, a race to the terminal.
            Thread errors = new Thread(() -> relayErrors(node, process), node + "-errors");
            errors.setDaemon(true);
            errors.start();
            Thread reader = new Thread(() -> listen(node, process, barrier), node + "-reader");
            readers.add(reader);
            reader.start();
        }
    }

    @Override
    public void go(StartBarrier barrier) throws IOException {
        for (Process process : processes) {
            OutputStream stdin = process.getOutputStream();
            synchronized (stdin) {
                stdin.write((NodeProtocol.GO + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
        }
        barrier.go();
    }

    @Override
    public void awaitDone() throws InterruptedException {
        done.await();
    }

    @Override
    public boolean awaitDone(java.time.Duration budget) throws InterruptedException {
        return done.await(budget.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    @Override
    public void abandon() {
        closing = true;
        processes.forEach(Process::destroyForcibly);
    }

    @Override
    public void close() throws InterruptedException, java.io.IOException {
        closing = true;
        if (lockServiceStrike != null) {
            lockServiceStrike.close();
        }
        for (Process process : processes) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
        for (Process process : processes) {
            process.waitFor();
        }
        for (Thread reader : readers) {
            reader.join();
        }
    }

    private List<String> command(int index) {
        RacePlan plan = setup.plan();
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(JVM_OPTIONS);
        String home = System.getProperty("lockstep.home");
        if (home != null) {
            command.add("-Dlockstep.home=" + home);
        }
        command.addAll(List.of("-cp", setup.code().processClassPath(), NodeProcess.class.getName(),
                "--seam", setup.code().seamClassName(),
                "--lab", setup.code().lab().id(),
                "--node-index", Integer.toString(index),
                "--buyers", Integer.toString(plan.buyers()),
                "--nodes", Integer.toString(plan.nodes()),
                "--seats", Integer.toString(plan.seats()),
                "--counters", Integer.toString(setup.countersPerNode()),
                "--payment-ms", Long.toString(setup.paymentTime().toMillis()),
                "--db", database.url()));
        setup.services().zookeeperConnect().ifPresent(zk -> command.addAll(List.of("--zk", zk)));
        setup.services().lockServerUrl().ifPresent(url -> command.addAll(List.of("--lock-server", url)));
        setup.services().redisServers().ifPresent(redis -> command.addAll(List.of("--redis", redis)));
        if (setup.steps() != StepListener.NONE) {
            command.add("--report-steps");
        }
        setup.plannedFault().ifPresent(fault -> command.addAll(List.of("--fault-at", fault.point())));
        return command;
    }

    private static void relayErrors(String node, Process process) {
        try (BufferedReader errors = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            for (String line = errors.readLine(); line != null; line = errors.readLine()) {
                System.err.println("[" + node + "] " + line);
            }
        } catch (IOException e) {
            // The process is gone; so is the rest of what it had to say.
        }
    }

    /** Reads one node's output until it ends, turning protocol lines into readiness, answers and steps. */
    private void listen(String node, Process process, StartBarrier barrier) {
        boolean ready = false;
        boolean finished = false;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Optional<String[]> words = NodeProtocol.parse(line);
                if (words.isEmpty()) {
                    System.err.println("[" + node + "] " + line);
                    continue;
                }
                String[] message = words.get();
                switch (message[0]) {
                    case NodeProtocol.READY -> {
                        ready = true;
                        barrier.ready();
                    }
                    case NodeProtocol.ANSWER -> {
                        sink.answered(message[1], message.length > 2 ? message[2] : "failed");
                        noteMove(node, message[1]);
                    }
                    case NodeProtocol.STEP -> heard(NodeProtocol.stepEvent(message));
                    case NodeProtocol.AT -> atTheFaultPoint(node, process, message.length > 2 ? message[2] : "?");
                    case NodeProtocol.FROZE -> {
                        if (!wasPausedByTheFault(node)) {
                            FreezeWatch.heard(NodeProtocol.freeze(node, message));
                        }
                    }
                    case NodeProtocol.FAILED -> barrier.failed(new RaceException(node + " failed to start: "
                            + String.join(" ", List.of(message).subList(1, message.length))));
                    case NodeProtocol.DONE -> finished = true;
                    default -> System.err.println("[" + node + "] " + line);
                }
            }
        } catch (IOException e) {
            System.err.println("[" + node + "] lost its output: " + e);
        }
        if (!ready && !closing) {
            barrier.failed(new RaceException(node + " exited before it was ready"
                    + exitCodeOf(process) + "; its error output is above."));
        }
        if (!finished && !closing && !wasHitByTheFault(node)) {
            System.err.println("[" + node + "] ended before all its buyers had an answer" + exitCodeOf(process));
        }
        done.countDown();
    }

    /**
     * A buyer of {@code node} reached the fault's point. The first buyer of the race to get here is
     * hit; every later one is told to go on.
     */
    private void atTheFaultPoint(String node, Process process, String buyer) {
        Fault fault = setup.plannedFault().orElseThrow();
        FaultReport notYet = faultReport.get();
        FaultReport hit = new FaultReport(fault, true, node, buyer, System.nanoTime());
        if (notYet.fired() || !faultReport.compareAndSet(notYet, hit)) {
            noteMove(node, buyer);
            tellToContinue(process);
            return;
        }
        Thread strike = new Thread(() -> strike(fault, process, hit), "fault-" + node);
        strike.setDaemon(true);
        strike.start();
    }

    /**
     * Kills, or pauses and later resumes, the process whose buyer waits at the fault's point; or strikes Redis; or holds
     * that buyer until another node's buyer has moved; or, for a fault of the lock service, stops servers while that
     * buyer waits, and lets it go on once the fault has landed.
     */
    private void strike(Fault fault, Process process, FaultReport hit) {
        try {
            switch (fault.action()) {
                case KILL -> {
                    ProcessKill.kill(process.toHandle());
                    listener.faultStruck(hit);
                }
                case PAUSE -> {
                    ProcessPause.pause(process.toHandle());
                    listener.faultStruck(hit);
                    Thread.sleep(fault.pause().toMillis()); // the fault itself: how long the JVM stays frozen
                    ProcessPause.resume(process.toHandle());
                    tellToContinue(process);
                }
                case STRIKE_REDIS -> {
                    try {
                        RedisStrike.Landing landing = fault.redis().strike(redisServers());
                        FaultReport report = new FaultReport(fault, landing.struck(), hit.node(), hit.buyer(),
                                hit.nanoTime(), landing.words());
                        faultReport.set(report);
                        if (!landing.struck()) {
                            return; // it missed its point; the report says why, and a later buyer may still meet it
                        }
                        listener.faultStruck(report);
                        // The holder's work goes on meanwhile: it waits at the point until another buyer has sold its
                        // seat, as a holder whose payment takes long would, and then finishes what it started. The
                        // pause counts from when it reached the point, so a slow restart does not lengthen it.
                        long left = fault.pause().toNanos() - (System.nanoTime() - hit.nanoTime());
                        soldToAnother.await(Math.max(0, left), TimeUnit.NANOSECONDS);
                    } finally {
                        tellToContinue(process);
                    }
                }
                case HOLD -> {
                    listener.faultStruck(hit);
                    awaitAnotherNodesMove();
                    tellToContinue(process);
                }
                case STOP_FOLLOWER, STOP_LEADER, STOP_QUORUM -> {
                    faultReport.set(lockServiceStrike.strikeUnder(hit.node(), hit.buyer(), listener));
                    tellToContinue(process);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            System.err.println("[" + hit.node() + "] the fault could not strike the Redis servers: " + e.getMessage());
        }
    }

    /** Before any node opens: kills the Redis servers that a Redis fault wants down from the start. */
    private void prepareTheRedisFault() throws IOException {
        Fault fault = setup.plannedFault().orElse(null);
        if (fault == null || fault.action() != Fault.Action.STRIKE_REDIS) {
            return;
        }
        try {
            fault.redis().prepare(redisServers());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while taking Redis servers down for the fault");
        }
    }

    private RedisServers redisServers() {
        return setup.startedRedisServers().orElseThrow(() -> new IllegalStateException("a Redis fault strikes the"
                + " Redis servers the race started for itself, and this race was given servers someone else runs"));
    }

    /** A step of a node's buyer: to the race's listeners, and to the watch of a Redis fault's holder. */
    private void heard(StepEvent event) {
        setup.steps().on(event);
        FaultReport hit = faultReport.get();
        if (hit != null && hit.fired() && hit.fault().action() == Fault.Action.STRIKE_REDIS
                && event.step() == Step.SEAT_CONFIRMED && !event.buyer().equals(hit.buyer())
                && event.detail().equals(seatOf.get(hit.buyer()))) {
            soldToAnother.countDown();
        }
    }

    /**
     * {@code buyer} of {@code node} moved (reached the fault's point, or got an answer): if the fault holds a buyer of
     * another node who wants the same seat, that one may go on.
     */
    private void noteMove(String node, String buyer) {
        FaultReport report = faultReport.get();
        if (report != null && report.fired() && !report.node().equals(node)
                && java.util.Objects.equals(seatOf.get(buyer), seatOf.get(report.buyer()))) {
            anotherNodeMoved.countDown();
        }
    }

    /**
     * Waits while the fault holds its buyer, until a buyer of another node has moved, or waits for a row lock in the
     * seat database (held, perhaps, by the held buyer's transaction). Gives up after a prompt event's budget, when
     * the other nodes have nothing left to do, so that a held race always ends.
     */
    private void awaitAnotherNodesMove() throws InterruptedException {
        long giveUp = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (!anotherNodeMoved.await(LOOK_FOR_ROW_LOCKS_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
            if (System.nanoTime() - giveUp > 0 || closing || someoneWaitsForARowLock()) {
                return;
            }
        }
    }

    private boolean someoneWaitsForARowLock() {
        try {
            return database.someoneWaitsForALock();
        } catch (java.sql.SQLException e) {
            return false; // the database cannot tell; the other signs still end the hold
        }
    }

    private static void tellToContinue(Process process) {
        try {
            OutputStream stdin = process.getOutputStream();
            synchronized (stdin) {
                stdin.write((NodeProtocol.CONTINUE + "\n").getBytes(StandardCharsets.UTF_8));
                stdin.flush();
            }
        } catch (IOException e) {
            // the node is gone already; nothing waits for the answer
        }
    }

    /** Whether the race's own fault froze {@code node}'s JVM on purpose: that freeze is the fault, not the machine. */
    private boolean wasPausedByTheFault(String node) {
        return wasHitByTheFault(node) && faultReport.get().fault().action() == Fault.Action.PAUSE;
    }

    private boolean wasHitByTheFault(String node) {
        FaultReport report = faultReport.get();
        return report != null && report.fired() && report.node().equals(node);
    }

    private static String exitCodeOf(Process process) {
        try {
            return " (exit code " + process.waitFor() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
