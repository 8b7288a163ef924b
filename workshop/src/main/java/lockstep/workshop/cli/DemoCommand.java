package lockstep.workshop.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.race.RaceStalledException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep demo}: the ticket race of each lab, the code in labs/ beside the reference solution, each under the
 * fault its lab is about (its spec's {@link lockstep.workshop.lab.DemoRace}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The ticket race, for every lab: the code in labs/ (the naive starter, until you change it)"
                + " beside the reference solution, each under the fault its lab is about, as one table. Exits with 1"
                + " if a reference solution broke a rule."})
public final class DemoCommand implements Callable<Integer> {

    /** A race's verdict in the table when its buyers stopped moving, so that it had no audit. */
    private static final String STALLED = "STALLED";

    /** How many races at most a lab's demo fault may take to meet a lock it can test. */
    private static final int RACES_FOR_A_FAULT = 3;

    @Spec
    private CommandSpec spec;

    @Option(names = "--buyers", defaultValue = "1000", description = "Buyers per race (default ${DEFAULT-VALUE}).")
    private int buyers;

    @Option(names = "--nodes", defaultValue = "10", description = "Nodes per race (default ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--seats", defaultValue = "1", description = "Seats on sale (default ${DEFAULT-VALUE}).")
    private int seats;

    @Option(names = "--json", description = "Print one JSON object (every race, as 'race --json' prints it, and every"
            + " race that stalled) instead of the table.")
    private boolean json;

    /**
     * One row of the demo: a lab's code raced under the lab's demo fault (or none). A race whose buyers stopped
     * moving has no result, only the stall's sentence.
     */
    private record Row(Implementation code, String faultName, RaceResult result, RaceStalledException stall) {

        boolean correct() {
            return result != null && result.verdict().correct();
        }

        /** Whether the race says nothing about its fault: it never struck, so no rule was tested under it. */
        boolean inconclusive() {
            return result != null && !result.verdict().correct() && result.verdict().label().equals("INCONCLUSIVE");
        }

        boolean faultMissedItsPoint() {
            return result != null && result.fault() != null && result.fault().missedItsPoint();
        }

        boolean isSolution() {
            return code.name().equals(Implementations.SOLUTION);
        }

        String verdictLabel() {
            return result == null ? STALLED : result.verdict().label();
        }

        String why() {
            return result == null ? stall.getMessage() : result.verdict().sentence();
        }
    }

    @Override
    public Integer call() throws Exception {
        WorkshopHome home = WorkshopHome.current();
        Implementations implementations = new Implementations(home);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!json) {
            out.printf("Lockstep demo: %,d buyers press Buy at the same instant for %d seat%s, on %d nodes, each lab"
                    + " under the fault it is about.%n%n", buyers, seats, seats == 1 ? "" : "s", nodes);
        }
        List<Row> rows = new ArrayList<>();
        for (Lab lab : LabCatalog.all()) {
            List<Implementation> codes = new ArrayList<>(List.of(implementations.learner(lab)));
            if (home.solutionFolder(lab).isPresent()) {
                codes.add(implementations.solution(lab));
            }
            for (Implementation code : codes) {
                if (!json) {
                    err.printf("Racing %s, %s%s...%n", lab, CodeOptions.describe(code),
                            lab.demoFault().map(fault -> ", fault " + fault.name()).orElse(""));
                    err.flush();
                }
                rows.add(race(code, err));
            }
        }
        // An inconclusive race broke no rule: its fault never struck, and its row says why.
        List<Row> wrongSolutions = rows.stream().filter(Row::isSolution)
                .filter(row -> !row.correct() && !row.inconclusive()).toList();
        if (json) {
            printJson(rows, out);
        } else {
            printTable(rows, out);
        }
        // A reference solution that breaks a rule is the workshop's bug, not the learner's: say so, and fail.
        for (Row wrong : wrongSolutions) {
            err.printf("The reference solution of %s broke a rule in this race: %s%n", wrong.code().lab(), wrong.why());
        }
        return wrongSolutions.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }

    /**
     * Races {@code code} under its lab's demo fault; a race whose buyers stop moving is a row too, not an error. A race
     * whose fault met nothing it could test, and did not strike (Lab 07's restart, under a holder that won a bare
     * majority), is raced again, {@value #RACES_FOR_A_FAULT} races at most.
     */
    private Row race(Implementation code, PrintWriter err) throws Exception {
        Row row = raceOnce(code);
        for (int race = 2; race <= RACES_FOR_A_FAULT && row.faultMissedItsPoint(); race++) {
            if (!json) {
                err.printf("  The fault did not strike (%s). Racing again.%n", row.result().fault());
                err.flush();
            }
            row = raceOnce(code);
        }
        return row;
    }

    private Row raceOnce(Implementation code) throws Exception {
        Lab lab = code.lab();
        Fault fault = lab.demoFault().map(NamedFault::fault).orElse(null);
        String faultName = lab.demoFault().map(NamedFault::name).orElse("none");
        try (LabServices services = LabServices.forRace(lab, new ServiceOptions(), fault)) {
            RaceResult result = Race.run(services.appliedTo(RaceSetup.of(code).buyers(buyers).nodes(nodes).seats(seats)
                    .fault(fault)));
            return new Row(code, faultName, result, null);
        } catch (RaceStalledException stall) {
            return new Row(code, faultName, null, stall);
        }
    }

    private void printTable(List<Row> rows, PrintWriter out) {
        // Columns as wide as their longest entry, so the numbers line up whatever the labs are called.
        int titleWidth = rows.stream().mapToInt(row -> row.code().lab().title().length()).max().orElse(0);
        int codeWidth = rows.stream().mapToInt(row -> CodeOptions.describe(row.code()).length()).max().orElse(0);
        int faultWidth = rows.stream().mapToInt(row -> row.faultName().length()).max().orElse(0);
        String columns = "%-3s %-" + titleWidth + "s  %-" + codeWidth + "s  %-" + faultWidth + "s ";
        out.printf(columns + "%6s %9s %17s %11s %7s %9s  %s%n", "lab", "", "code", "fault", "sold", "oversold",
                "charged, no seat", "unanswered", "failed", "time", "verdict");
        for (Row row : rows) {
            Lab lab = row.code().lab();
            String code = CodeOptions.describe(row.code());
            if (row.result() == null) {
                out.printf(columns + "%6s %9s %17s %11s %7s %9s  %s%n", lab.id(), lab.title(), code, row.faultName(),
                        "-", "-", "-", "-", "-", "-", row.verdictLabel());
                continue;
            }
            var audit = row.result().audit();
            out.printf(columns + "%6d %9d %17d %11d %7d %6d ms  %s%n", lab.id(), lab.title(), code, row.faultName(),
                    audit.sold(), audit.oversold(), audit.chargedWithoutSeat(), audit.unanswered(), audit.failed(),
                    row.result().durationMs(), row.verdictLabel());
        }
        out.println();
        for (Lab lab : LabCatalog.all()) {
            if (!lab.demo().shows().isEmpty()) {
                out.printf("Lab %s, %s: %s%n", lab.id(), lab.demoFault().map(NamedFault::name).orElse("no fault"),
                        lab.demo().shows());
            }
        }
        out.println();
        if (rows.stream().noneMatch(Row::isSolution)) {
            out.println("This edition of the workshop has no reference solutions, so only your code raced.");
        }
        if (rows.stream().anyMatch(row -> row.result() == null)) {
            out.println("Stalled means the buyers stopped moving: a lock nobody let go, or waiters nobody woke.");
        }
        out.println("Oversold means two buyers hold a confirmation for one seat; failed, that a buyer was turned"
                + " away without learning whether the seat was free. Run one row again with ./lockstep race --lab NN"
                + " --fault NAME. Start with labs/" + LabCatalog.all().get(0).folder() + "/README.md.");
    }

    /** Every race as {@code race --json} prints it, and every stalled race with its lab, code, fault and why. */
    private static void printJson(List<Row> rows, PrintWriter out) {
        List<String> races = rows.stream().filter(row -> row.result() != null).map(row -> row.result().toJson())
                .toList();
        List<String> stalled = rows.stream().filter(row -> row.result() == null).map(DemoCommand::stallJson).toList();
        out.println("{\"races\":[" + String.join(",", races) + "],\"stalled\":[" + String.join(",", stalled) + "]}");
    }

    private static String stallJson(Row row) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lab", row.code().lab().id());
        json.put("impl", row.code().name());
        json.put("fault", row.faultName());
        json.put("correct", false);
        json.put("verdict", STALLED);
        json.put("why", row.why());
        try {
            return JSON.std.asString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
