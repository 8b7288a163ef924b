package lockstep.workshop.race;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.CloseAll;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;

/**
 * Every node a group of threads in this JVM, each node with its own instance of the lab's code. A fault of the lock
 * service strikes here too (it hits a server, not a node): the first buyer to reach its point waits there, on its own
 * thread, until the fault has landed.
 */
final class ThreadFleet implements Fleet {

    private final RaceSetup setup;
    private final SeatDatabase database;
    private final AnswerSink sink;
    private final RaceListener listener;
    private final List<NodeRunner> runners = new ArrayList<>();
    private final List<Thread> openers = new ArrayList<>();
    /** The strike of the race's fault, which is always one of the lock service here; null without a fault. */
    private final LockServiceStrike strike;
    private final AtomicBoolean struck = new AtomicBoolean();
    private final AtomicReference<FaultReport> faultReport = new AtomicReference<>();

    ThreadFleet(RaceSetup setup, SeatDatabase database, AnswerSink sink, RaceListener listener) {
        this.setup = setup;
        this.database = database;
        this.sink = sink;
        this.listener = listener;
        this.strike = setup.plannedFault().map(fault -> new LockServiceStrike(setup)).orElse(null);
        setup.plannedFault().ifPresent(fault -> faultReport.set(FaultReport.notFired(fault)));
    }

    @Override
    public FaultReport faultReport() {
        return faultReport.get();
    }

    @Override
    public void open(StartBarrier barrier) {
        RacePlan plan = setup.plan();
        LabBooking lab = setup.code().load();
        PaymentProvider payments = new PaymentProvider(setup.paymentTime());
        for (int i = 0; i < plan.nodes(); i++) {
            StepListener steps = strike == null ? setup.steps()
                    : StepListener.all(List.of(setup.steps(), this::atTheFaultPoint));
            NodeContext context = new NodeContext(setup.code().lab(), plan.nodeName(i), setup.services(), steps);
            NodeRunner runner = new NodeRunner(context, plan.buyersOf(i), database, payments,
                    setup.countersPerNode(), sink);
            runners.add(runner);
            // Nodes open at the same time, as servers would: a ZooKeeper session takes a while to connect.
            Thread opener = new Thread(() -> {
                try {
                    runner.open(lab, barrier);
                } catch (Exception | LinkageError e) {
                    barrier.failed(e);
                }
            }, context.name() + "-opener");
            openers.add(opener);
            opener.start();
        }
    }

    @Override
    public void go(StartBarrier barrier) {
        runners.forEach(runner -> runner.start(barrier));
        barrier.go();
    }

    @Override
    public void awaitDone() throws InterruptedException {
        for (NodeRunner runner : runners) {
            runner.awaitDone();
        }
    }

    @Override
    public boolean awaitDone(java.time.Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        for (NodeRunner runner : runners) {
            if (!runner.awaitDone(deadline)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void abandon() {
        runners.forEach(NodeRunner::interruptCounters);
    }

    @Override
    public java.util.Optional<String> whereIs(String buyer) {
        String labPackage = setup.code().lab().packageName();
        return runners.stream().map(runner -> runner.threadServing(buyer)).filter(java.util.Objects::nonNull)
                .findFirst().flatMap(thread -> WhereItWaits.of(thread, labPackage));
    }

    @Override
    public void close() throws Exception {
        for (Thread opener : openers) {
            opener.join(); // a node still opening when another failed must finish before it is closed
        }
        List<AutoCloseable> opened = new ArrayList<>();
        if (strike != null) {
            opened.add(strike);
        }
        opened.addAll(runners);
        CloseAll.close(opened);
    }

    /** The first buyer of the race at the fault's point waits here, on its own thread, while the fault strikes. */
    private void atTheFaultPoint(StepEvent event) {
        Fault fault = setup.plannedFault().orElseThrow();
        if (!Fault.landsOn(fault.point(), event) || !struck.compareAndSet(false, true)) {
            return;
        }
        try {
            faultReport.set(strike.strikeUnder(event.node(), event.buyer(), listener));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the race gave up on this buyer; it goes on, and stops soon
        }
    }
}
