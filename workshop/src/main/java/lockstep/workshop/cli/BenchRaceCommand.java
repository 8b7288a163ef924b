package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import lockstep.workshop.bench.HandoffBreakdown;
import lockstep.workshop.bench.HandoffBreakdown.Part;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep bench race}: a lab's 1,000-buyer race on threads, run several times, and where the time of its lock
 * handoffs went, read from each race's own history ({@link HandoffBreakdown}): the lock service, the seat database,
 * the payment provider, and the rest.
 */
@Command(name = "race", mixinStandardHelpOptions = true,
        description = {"Run a lab's race (1,000 buyers on 10 nodes as threads, one seat, the lock service started for"
                + " it, fsync on) several times, and print where the time of its lock handoffs went.",
                "A handoff runs from one holder's grant to the next holder's grant. Each stretch between two recorded"
                        + " steps of the holder goes to the part that the later step names: the lock service (a"
                        + " renewal, the release, and the way from the release to the next grant, the waiter's"
                        + " wake-up included), the seat database (the seat check, the confirmation), the payment"
                        + " provider (the charge); what no step names is the rest (the harness, asking the lock"
                        + " whether it is still held)."})
public final class BenchRaceCommand implements Callable<Integer> {

    /** As {@code lockstep race} runs by default: the course's one race. */
    private static final int BUYERS = 1000;
    private static final int NODES = 10;
    /** How many of the longest stretches between two steps the table lists. */
    private static final int STRETCHES_SHOWN = 6;

    @Spec
    private CommandSpec spec;

    @Option(names = "--lab", required = true, paramLabel = "NN", converter = LabConverter.class,
            description = "Which lab's race to measure, for example 04.")
    private Lab lab;

    @Option(names = "--runs", paramLabel = "N", defaultValue = "5",
            description = "How many races to run, one after the other (default ${DEFAULT-VALUE}).")
    private int runs;

    @Mixin
    private CodeOptions code;

    /** One measured race: its result and the machine's state while it ran. */
    private record Run(RaceResult result, HandoffBreakdown breakdown, String loadBefore, double cpuBusy) {
    }

    @Override
    public Integer call() throws Exception {
        if (runs < 1 || runs > 99) {
            throw new ParameterException(spec.commandLine(), "--runs takes a number of races from 1 to 99, such as 5,"
                    + " but was " + runs + ".");
        }
        Implementation implementation = code.resolve(lab);
        var err = spec.commandLine().getErr();
        List<Run> measured = new ArrayList<>();
        for (int i = 1; i <= runs; i++) {
            err.printf(Locale.ROOT, "  race %d of %d...%n", i, runs);
            err.flush();
            measured.add(runOnce(RaceSetup.of(implementation).buyers(BUYERS).nodes(NODES)));
        }
        var out = spec.commandLine().getOut();
        print(out, implementation, measured);
        out.flush();
        boolean everyRuleHeld = measured.stream().allMatch(run -> run.result().verdict().correct());
        return everyRuleHeld ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }

    private Run runOnce(RaceSetup setup) throws Exception {
        try (LabServices services = LabServices.forRace(lab, new ServiceOptions())) {
            String load = BenchLocksCommand.loadAverage();
            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            RaceResult result = Race.run(services.appliedTo(setup));
            double cpuBusy = (double) (processCpuNanos() - cpuBefore)
                    / ((System.nanoTime() - wallBefore) * (double) Runtime.getRuntime().availableProcessors());
            return new Run(result, HandoffBreakdown.of(result.history()), load, cpuBusy);
        }
    }

    private void print(PrintWriter out, Implementation implementation, List<Run> measured) {
        out.printf(Locale.ROOT, "%s, %s: %d race%s of %,d buyers on %d nodes (threads), one seat.%n", lab,
                CodeOptions.describe(implementation), measured.size(), measured.size() == 1 ? "" : "s", BUYERS, NODES);
        out.printf(Locale.ROOT, "Java %s, %d cores.%n%n", Runtime.version(), Runtime.getRuntime().availableProcessors());
        out.printf(Locale.ROOT, "%-5s %11s %9s %6s %10s %s%n", "race", "durationMs", "handoffs", "load", "CPU busy",
                "verdict");
        for (int i = 0; i < measured.size(); i++) {
            Run run = measured.get(i);
            out.printf(Locale.ROOT, "%-5d %,11d %,9d %6s %9.0f%% %s%n", i + 1, run.result().durationMs(),
                    run.breakdown().handoffs(), run.loadBefore(), 100 * run.cpuBusy(), run.result().verdict().label());
        }
        out.println();
        if (measured.stream().allMatch(run -> run.breakdown().handoffs() == 0)) {
            out.printf(Locale.ROOT, "No lock changed hands: %s's code takes no lock, so there is no handoff to break"
                    + " down.%n", lab);
        } else {
            printParts(out, measured);
        }
        out.printf(Locale.ROOT, "%ndurationMs (start signal to last answer): median %,d ms.%n",
                median(measured.stream().mapToLong(run -> run.result().durationMs()).toArray()));
    }

    private static void printParts(PrintWriter out, List<Run> measured) {
        String format = "%-17s %16s %18s %8s%n";
        out.printf(Locale.ROOT, format, "part", "median/handoff", "total/race (median)", "share");
        long wholeTotal = median(measured.stream().mapToLong(run -> sum(run.breakdown().handoffNanos())).toArray());
        for (Part part : Part.values()) {
            long total = median(measured.stream().mapToLong(run -> sum(run.breakdown().nanos(part))).toArray());
            long[] every = measured.stream().flatMapToLong(run -> Arrays.stream(run.breakdown().nanos(part))).toArray();
            out.printf(Locale.ROOT, format, part.words(), millis(median(every)), millis(total),
                    String.format(Locale.ROOT, "%.0f%%", wholeTotal == 0 ? 0 : 100.0 * total / wholeTotal));
        }
        long[] wholes = measured.stream().flatMapToLong(run -> Arrays.stream(run.breakdown().handoffNanos())).toArray();
        out.printf(Locale.ROOT, format, "whole handoff", millis(median(wholes)), millis(wholeTotal), "100%");
        out.printf(Locale.ROOT, "Outside the handoffs (median of the races): %s from the first step to the first grant,"
                + " %s from the last grant to the last answer.%n",
                millis(median(measured.stream().mapToLong(run -> run.breakdown().beforeFirstGrantNanos()).toArray())),
                millis(median(measured.stream().mapToLong(run -> run.breakdown().afterLastGrantNanos()).toArray())));
        out.println();
        out.println("The longest stretches between two steps of a holder, all handoffs of all races together:");
        Map<String, Long> stretches = new HashMap<>();
        measured.forEach(run -> run.breakdown().stretchNanos().forEach((name, nanos) -> stretches.merge(name, nanos,
                Long::sum)));
        stretches.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(STRETCHES_SHOWN)
                .forEach(stretch -> out.printf(Locale.ROOT, "  %-48s %,10.0f ms per race%n", stretch.getKey(),
                        stretch.getValue() / 1e6 / measured.size()));
        out.println();
        out.println("median/handoff: of every handoff of every race (the parts' medians need not add up to the"
                + " whole's). total/race: the sum over one race's handoffs, median of the races. A handoff runs from"
                + " one grant of the lock to the next.");
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    private static long sum(long[] values) {
        return Arrays.stream(values).sum();
    }

    private static long median(long[] values) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        // An even count has two middle values: their mean, so that two races do not report the slower one alone.
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%,.2f ms", nanos / 1e6);
    }
}
