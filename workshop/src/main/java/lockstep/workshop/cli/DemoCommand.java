package lockstep.workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lockstep demo}: the ticket race of each lab, the code in labs/ beside the reference solution. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The ticket race, for every lab: the code in labs/ (the naive starter, until you change it)"
                + " beside the reference solution, as one table. Exits with 1 if a reference solution broke a rule."})
public final class DemoCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--buyers", defaultValue = "1000", description = "Buyers per race (default ${DEFAULT-VALUE}).")
    private int buyers;

    @Option(names = "--nodes", defaultValue = "10", description = "Nodes per race (default ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--seats", defaultValue = "1", description = "Seats on sale (default ${DEFAULT-VALUE}).")
    private int seats;

    @Option(names = "--json", description = "Print one JSON object (every race, as 'race --json' prints it) instead"
            + " of the table.")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        WorkshopHome home = WorkshopHome.current();
        Implementations implementations = new Implementations(home);
        var out = spec.commandLine().getOut();
        var err = spec.commandLine().getErr();
        if (!json) {
            out.printf("Lockstep demo: %,d buyers press Buy at the same instant for %d seat%s, on %d nodes.%n%n",
                    buyers, seats, seats == 1 ? "" : "s", nodes);
        }
        List<RaceResult> results = new ArrayList<>();
        for (Lab lab : LabCatalog.all()) {
            List<Implementation> codes = new ArrayList<>(List.of(implementations.learner(lab)));
            if (home.solutionFolder(lab).isPresent()) {
                codes.add(implementations.solution(lab));
            }
            for (Implementation code : codes) {
                if (!json) {
                    err.printf("Racing %s, %s...%n", lab, CodeOptions.describe(code));
                    err.flush();
                }
                try (LabServices services = LabServices.forRace(lab, new ServiceOptions())) {
                    results.add(Race.run(services.appliedTo(RaceSetup.of(code).buyers(buyers).nodes(nodes)
                            .seats(seats))));
                }
            }
        }
        List<RaceResult> wrongSolutions = results.stream()
                .filter(result -> result.setup().code().name().equals(Implementations.SOLUTION))
                .filter(result -> !result.verdict().correct()).toList();
        if (json) {
            out.println("{\"races\":[" + String.join(",", results.stream().map(RaceResult::toJson).toList()) + "]}");
            return wrongSolutions.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
        }
        // Columns as wide as their longest entry, so the numbers line up whatever the labs are called.
        int titleWidth = results.stream().mapToInt(result -> result.setup().code().lab().title().length())
                .max().orElse(0);
        int codeWidth = results.stream().mapToInt(result -> CodeOptions.describe(result.setup().code()).length())
                .max().orElse(0);
        String columns = "%-3s %-" + titleWidth + "s  %-" + codeWidth + "s ";
        out.printf(columns + "%6s %9s %17s %11s %7s %9s  %s%n", "lab", "", "code", "sold", "oversold",
                "charged, no seat", "unanswered", "failed", "time", "verdict");
        for (RaceResult result : results) {
            var audit = result.audit();
            Lab lab = result.setup().code().lab();
            out.printf(columns + "%6d %9d %17d %11d %7d %6d ms  %s%n", lab.id(), lab.title(),
                    CodeOptions.describe(result.setup().code()), audit.sold(), audit.oversold(),
                    audit.chargedWithoutSeat(), audit.unanswered(), audit.failed(), result.durationMs(),
                    result.verdict().label());
        }
        out.println();
        if (results.stream().noneMatch(result -> result.setup().code().name().equals(Implementations.SOLUTION))) {
            out.println("This edition of the workshop has no reference solutions, so only your code raced.");
        }
        out.println("Oversold means two buyers hold a confirmation for one seat; failed, that a buyer was turned"
                + " away without learning whether the seat was free. Start with labs/"
                + LabCatalog.all().get(0).folder() + "/README.md.");
        // A reference solution that breaks a rule is the workshop's bug, not the learner's: say so, and fail.
        for (RaceResult wrong : wrongSolutions) {
            err.printf("The reference solution of %s broke a rule in this race: %s%n", wrong.setup().code().lab(),
                    wrong.verdict().sentence());
        }
        return wrongSolutions.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }
}
