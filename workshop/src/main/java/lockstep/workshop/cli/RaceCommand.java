package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.FreezeWatch;
import lockstep.workshop.race.LabFaults;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RacePlan;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lockstep race}: many buyers, many nodes, one start signal, then the audit. */
@Command(name = "race", mixinStandardHelpOptions = true,
        description = {"Run a ticket race: BUYERS buyers press Buy at the same instant, spread over NODES nodes,"
                + " for SEATS seats; then audit the seat database.",
                "Nodes are thread groups of one JVM, or separate JVMs with --processes. Every node opens its own"
                        + " database connections before the start signal."})
public final class RaceCommand implements Callable<Integer> {

    private CommandSpec spec;

    @Option(names = "--lab", required = true, paramLabel = "NN", converter = LabConverter.class,
            description = "Which lab's booking code to race, for example 01.")
    private Lab lab;

    @Option(names = "--buyers", defaultValue = "1000", description = "How many buyers (default ${DEFAULT-VALUE}).")
    private int buyers;

    @Option(names = "--nodes", defaultValue = "10", description = "How many nodes (default ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--seats", defaultValue = "1", description = "How many seats are on sale (default ${DEFAULT-VALUE}).")
    private int seats;

    @Option(names = "--processes", description = "Run every node as a separate JVM process.")
    private boolean processes;

    @Option(names = "--counters", defaultValue = "" + RaceSetup.DEFAULT_COUNTERS,
            description = "How many buyers one node serves at once (default ${DEFAULT-VALUE}).")
    private int counters;

    @Option(names = "--payment-ms", defaultValue = "30",
            description = "How long one card charge takes, in milliseconds (default ${DEFAULT-VALUE}).")
    private long paymentMillis;

    @Option(names = "--json", description = "Print one JSON object instead of the table.")
    private boolean json;

    @Option(names = "--timeline", paramLabel = "FILE.html",
            description = "Also write the race's picture: one HTML page that opens in any browser, without a network.")
    private java.nio.file.Path timeline;

    @Option(names = "--fault", paramLabel = "NAME",
            description = "Inject one of the lab's named faults (listed below) at its point; the nodes become"
                    + " separate JVMs.")
    private String faultName;

    @Mixin
    private CodeOptions code;

    @Mixin
    private DatabaseOption database;

    @Mixin
    private ServiceOptions serviceOptions;

    /** Picocli hands over the command's model here; the help's list of faults comes from {@link LabFaults}. */
    @Spec
    void setSpec(CommandSpec spec) {
        this.spec = spec;
        List<String> footer = new ArrayList<>(List.of("", "Faults (--fault NAME):"));
        footer.addAll(LabFaults.helpLines(LabCatalog.all()));
        spec.usageMessage().footer(footer.toArray(String[]::new));
    }

    @Override
    public Integer call() throws Exception {
        new RacePlan(buyers, nodes, seats); // bad numbers are refused before anything is built or started
        if (paymentMillis < 0 || paymentMillis > 60_000) {
            throw new IllegalArgumentException("--payment-ms must be 0 to 60000, but was " + paymentMillis);
        }
        Fault fault = faultName == null ? null : LabFaults.named(lab, faultName).fault();
        serviceOptions.requireWellFormed();
        if (fault != null && fault.action().hitsTheLockService() && serviceOptions.zookeeper != null) {
            throw new IllegalArgumentException("--fault " + faultName + " stops servers of an ensemble the race starts"
                    + " for itself, so it cannot be given --zk; leave --zk out.");
        }
        SeatDatabase givenDatabase = database.givenOrNull();
        UnusedOptions.warn(spec, lab, spec.commandLine().getErr());
        RaceSetup setup = RaceSetup.of(code.resolve(lab)).buyers(buyers).nodes(nodes).seats(seats)
                .counters(counters).paymentTime(Duration.ofMillis(paymentMillis)).inProcesses(processes)
                .fault(fault).database(givenDatabase);
        if (paymentMillis != PaymentProvider.DEFAULT_PAYMENT_TIME.toMillis() && !json) {
            spec.commandLine().getErr().println("Card charges take " + paymentMillis + " ms in this race.");
        }
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!json) {
            if (fault != null) {
                err.println("Fault " + faultName + ": " + fault + ".");
            }
            err.println("Opening " + nodes + (nodes == 1 ? " node" : " nodes") + (setup.processes() ? " (separate JVMs)" : "") + "...");
            err.flush();
        }
        RaceResult result;
        FreezeWatch.start("the race's own JVM");
        long began = System.nanoTime();
        try (LabServices services = LabServices.forRace(lab, serviceOptions, fault)) {
            result = Race.run(services.appliedTo(setup), new ProgressBar(err, !json && System.console() != null));
        }
        if (json) {
            out.println(result.toJson());
        } else {
            RaceSummary.print(result, out);
            if (!result.verdict().correct()) {
                sayIfTheMachineFroze(began, out);
            }
        }
        if (timeline != null) {
            (json ? err : out).println("Timeline: " + lockstep.workshop.timeline.TimelinePage.write(result, timeline));
        }
        return result.verdict().correct() ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }

    /** A wrong race on a machine that froze a node for a second or more may be the machine's doing: say so. */
    private static void sayIfTheMachineFroze(long began, PrintWriter out) {
        FreezeWatch.longEnoughToCostALeaseSince(began).ifPresent(freeze -> out.println("Note: during the race " + freeze
                + " (" + FreezeWatch.machineLoad() + "). A lease or a session may have ended for that alone; race"
                + " again when the machine is quieter before you look for the mistake in the code."));
    }
}
