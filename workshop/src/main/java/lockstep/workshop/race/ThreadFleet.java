package lockstep.workshop.race;

import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;

/** Every node a group of threads in this JVM, each node with its own instance of the lab's code. */
final class ThreadFleet implements Fleet {

    private final RaceSetup setup;
    private final SeatDatabase database;
    private final AnswerSink sink;
    private final List<NodeRunner> runners = new ArrayList<>();
    private final List<Thread> openers = new ArrayList<>();

    ThreadFleet(RaceSetup setup, SeatDatabase database, AnswerSink sink) {
        this.setup = setup;
        this.database = database;
        this.sink = sink;
    }

    @Override
    public void open(StartBarrier barrier) {
        RacePlan plan = setup.plan();
        LabBooking lab = setup.code().load();
        PaymentProvider payments = new PaymentProvider(setup.paymentTime());
        for (int i = 0; i < plan.nodes(); i++) {
            NodeContext context = new NodeContext(setup.code().lab(), plan.nodeName(i), setup.services(), setup.steps());
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
        Exception failure = null;
        for (NodeRunner runner : runners) {
            try {
                runner.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
