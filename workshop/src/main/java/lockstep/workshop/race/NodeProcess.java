package lockstep.workshop.race;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Semaphore;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lab.Services;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The main class of one node process in a {@code --processes} race. It opens its node, says it is
 * ready, waits for the coordinator's go, serves its buyers and says it is done; see
 * {@link NodeProtocol}. The lab's code comes first on its class path.
 */
@Command(name = "node-process", description = "One node of a race, started by the race's coordinator.")
public final class NodeProcess implements Callable<Integer> {

    @Option(names = "--seam", required = true, description = "The lab's seam class.")
    private String seamClass;

    @Option(names = "--lab", required = true, converter = LabNumber.class, description = "The lab's number.")
    private Lab lab;

    @Option(names = "--node-index", required = true)
    private int nodeIndex;

    @Option(names = "--buyers", required = true)
    private int buyers;

    @Option(names = "--nodes", required = true)
    private int nodes;

    @Option(names = "--seats", required = true)
    private int seats;

    @Option(names = "--counters", required = true)
    private int counters;

    @Option(names = "--payment-ms", required = true)
    private long paymentMillis;

    @Option(names = "--db", required = true)
    private String databaseUrl;

    @Option(names = "--zk")
    private String zookeeper;

    @Option(names = "--lock-server")
    private String lockServer;

    @Option(names = "--redis")
    private String redis;

    @Option(names = "--report-steps")
    private boolean reportSteps;

    @Option(names = "--fault-at", description = "A point where buyers stop and ask the coordinator whether to go on.")
    private String faultPoint;

    /** One permit per CONTINUE from the coordinator: one buyer waiting at the fault's point may go on. */
    private final Semaphore mayContinue = new Semaphore(0);

    private final PrintStream protocol;

    private NodeProcess(PrintStream protocol) {
        this.protocol = protocol;
    }

    public static void main(String[] args) {
        // The protocol owns standard output; whatever else the lab's code prints goes there too, unprefixed.
        PrintStream protocol = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int exit = new CommandLine(new NodeProcess(protocol)).execute(args);
        System.exit(exit);
    }

    @Override
    public Integer call() throws Exception {
        RacePlan plan = new RacePlan(buyers, nodes, seats);
        // A node that the machine freezes may lose its lease for that alone; the grader must hear of it.
        FreezeWatch.onFreeze(freeze -> say(NodeProtocol.frozeLine(freeze)));
        FreezeWatch.start(plan.nodeName(nodeIndex));
        StepListener report = reportSteps ? event -> say(NodeProtocol.stepLine(event)) : StepListener.NONE;
        StepListener steps = faultPoint == null ? report : StepListener.all(List.of(report, this::stopAtTheFaultPoint));
        NodeContext context = new NodeContext(lab, plan.nodeName(nodeIndex), new Services(zookeeper, lockServer, redis), steps);
        AnswerSink sink = (buyer, kind) -> say(NodeProtocol.line(NodeProtocol.ANSWER, buyer, kind));
        PaymentProvider payments = new PaymentProvider(Duration.ofMillis(paymentMillis));
        try (NodeRunner runner = new NodeRunner(context, plan.buyersOf(nodeIndex), SeatDatabase.at(databaseUrl),
                payments, counters, sink)) {
            StartBarrier barrier = new StartBarrier(runner.counters());
            try {
                LabBooking booking = (LabBooking) Class.forName(seamClass).getDeclaredConstructor().newInstance();
                runner.open(booking, barrier);
            } catch (Exception | LinkageError e) {
                say(NodeProtocol.line(NodeProtocol.FAILED, String.valueOf(e).replace('\n', ' ')));
                return 1;
            }
            barrier.awaitAllReady();
            say(NodeProtocol.line(NodeProtocol.READY));
            BufferedReader coordinator = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            awaitGo(coordinator);
            listenForContinue(coordinator);
            runner.start(barrier);
            barrier.go();
            runner.awaitDone();
        }
        say(NodeProtocol.line(NodeProtocol.DONE));
        return 0;
    }

    private static void awaitGo(BufferedReader coordinator) throws Exception {
        String line = coordinator.readLine();
        if (!NodeProtocol.GO.equals(line)) {
            throw new IllegalStateException("expected GO from the coordinator, got " + line);
        }
    }

    /** The coordinator decides which buyer the fault hits: every buyer at the point asks, and waits. */
    private void stopAtTheFaultPoint(StepEvent event) {
        if (!Fault.landsOn(faultPoint, event)) {
            return;
        }
        say(NodeProtocol.line(NodeProtocol.AT, event.point(), event.buyer()));
        mayContinue.acquireUninterruptibly();
    }

    private void listenForContinue(BufferedReader coordinator) {
        Thread listener = new Thread(() -> {
            try {
                for (String line = coordinator.readLine(); line != null; line = coordinator.readLine()) {
                    if (NodeProtocol.CONTINUE.equals(line)) {
                        mayContinue.release();
                    }
                }
            } catch (IOException e) {
                // the coordinator is gone; the race is over for this node
            }
        }, "coordinator-listener");
        listener.setDaemon(true);
        listener.start();
    }

    private void say(String line) {
        synchronized (protocol) {
            protocol.println(line);
        }
    }

    /** Reads {@code --lab NN} from the coordinator. */
    static final class LabNumber implements CommandLine.ITypeConverter<Lab> {
        @Override
        public Lab convert(String value) {
            return LabCatalog.parse(value);
        }
    }
}
