package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.grading.GradeBook;
import lockstep.workshop.grading.GradeReport;
import lockstep.workshop.grading.GraderRun;
import lockstep.workshop.grading.Hints;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lockstep grade}: runs a lab's grader against your code and prints a checklist. */
@Command(name = "grade", mixinStandardHelpOptions = true,
        description = {"Grade your code: run the lab's grader (the tests in labs/LAB/src/test) and print one line"
                + " per check, a sentence for each failure, and the next hint.",
                "The same checks run with 'mvn verify' inside the lab's folder."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every check passed", "1:a check failed", "2:bad input", "3:the grader could not run"})
public final class GradeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NN|all", defaultValue = "all",
            description = "The lab to grade, for example 01, or all (the default).")
    private String which;

    @Option(names = "--task", paramLabel = "N", description = "Run only the checks of task N.")
    private Integer task;

    @Mixin
    private CodeOptions code;

    @Override
    public Integer call() throws Exception {
        List<Lab> labs = "all".equalsIgnoreCase(which) ? LabCatalog.all() : List.of(LabCatalog.parse(which));
        boolean allPassed = true;
        for (Lab lab : labs) {
            allPassed &= grade(lab);
        }
        return allPassed ? 0 : 1;
    }

    private boolean grade(Lab lab) throws Exception {
        WorkshopHome home = WorkshopHome.current();
        Implementations implementations = new Implementations(home);
        Implementation implementation = code.resolve(lab);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("Grading %s: %s%s%n", lab, CodeOptions.describe(implementation),
                task == null ? "" : ", task " + task + " only");
        out.flush();

        GraderRun run = GraderRun.of(implementations.graderClasses(lab), implementation);
        if (task != null) {
            run.task(task);
        }
        GradeReport report = run.run(new Checklist(out));
        out.println();
        if (report.checks().isEmpty()) {
            out.println("No checks ran" + (task == null ? "." : ": the grader has no task " + task + "."));
            return false;
        }
        out.printf("%d of %d checks passed.%n", report.passedCount(), report.checks().size());
        if (Implementations.LEARNER.equals(implementation.name()) && task == null) {
            new GradeBook(home.dataFolder().resolve("grades"))
                    .record(lab.id(), home.labFolder(lab).resolve("src/main"), report);
        }
        if (report.allPassed()) {
            out.println("All done. Read the questions at the end of the lab's README before you move on.");
        } else {
            int next = report.firstFailedTask().orElse(1);
            Hints.read(home.labFolder(lab).resolve("HINTS.md")).forTask(next).ifPresent(hint -> {
                out.println();
                out.println("Next hint (labs/" + lab.folder() + "/HINTS.md):");
                out.println(hint);
            });
        }
        out.println();
        out.flush();
        return report.allPassed();
    }
}
