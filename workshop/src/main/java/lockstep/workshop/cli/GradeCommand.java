package lockstep.workshop.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import lockstep.workshop.grading.CheckResult;
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
                "The same checks run with 'mvn verify' inside the lab's folder. A grade of your own code is"
                        + " remembered, task by task, for './lockstep list' and './lockstep hint'."})
public final class GradeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "NN|all", defaultValue = "all",
            description = "The lab to grade, for example 01, or all (the default).")
    private String which;

    @Option(names = "--task", paramLabel = "N", description = "Run only the checks of task N.")
    private Integer task;

    @Option(names = "--json", description = "Print one JSON object (every lab graded, every check) instead of the"
            + " checklist, for scripts that collect grades.")
    private boolean json;

    @Option(names = "--verbose", description = "Show stack traces and library logs as they happen, instead of"
            + " keeping them in .lockstep/logs/grade-NN.log.")
    private boolean verbose;

    @Mixin
    private CodeOptions code;

    @Override
    public Integer call() throws Exception {
        List<Lab> labs = "all".equalsIgnoreCase(which) ? LabCatalog.all() : List.of(LabCatalog.parse(which));
        if (task != null && task < 1) {
            throw new IllegalArgumentException("--task must be a task number, 1 or more, but was " + task);
        }
        boolean allPassed = true;
        List<Map<String, Object>> graded = new ArrayList<>();
        for (Lab lab : labs) {
            Grade grade = grade(lab);
            allPassed &= grade.passed();
            graded.add(grade.json());
        }
        if (json) {
            Map<String, Object> all = new LinkedHashMap<>();
            all.put("allPassed", allPassed);
            all.put("labs", graded);
            spec.commandLine().getOut().println(JSON.std.asString(all));
        }
        return allPassed ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }

    /** One lab's grade: whether it passed, and the JSON object that describes it. */
    private record Grade(boolean passed, Map<String, Object> json) {
    }

    private Grade grade(Lab lab) throws Exception {
        WorkshopHome home = WorkshopHome.current();
        Implementations implementations = new Implementations(home);
        Implementation implementation = code.resolve(lab);
        PrintWriter out = json ? new PrintWriter(PrintWriter.nullWriter()) : spec.commandLine().getOut();
        GraderRun run = GraderRun.of(implementations.graderClasses(lab), implementation);
        SortedSet<Integer> tasks = run.tasks();
        if (task != null && !tasks.contains(task)) {
            throw new IllegalArgumentException("--task " + task + ": " + lab + " has tasks " + tasks
                    + " (the '## N.' headings of its README).");
        }
        out.printf("Grading %s: %s%s%n", lab, CodeOptions.describe(implementation),
                task == null ? "" : ", task " + task + " only");
        out.flush();

        if (task != null) {
            run.task(task);
        }
        Consumer<CheckResult> show = json ? check -> { } : new Checklist(out);
        Path log = home.dataFolder().resolve("logs").resolve("grade-" + lab.id() + ".log");
        GradeReport report;
        try (QuietOutput quiet = verbose ? null : QuietOutput.into(log)) {
            report = run.run(show);
        }
        out.println();
        if (!verbose && Files.size(log) > 0) {
            out.println("Stack traces and logs of this grade are in " + home.root().relativize(log)
                    + " (--verbose shows them as they happen).");
        }
        Optional<GradeBook.Entry> book = Optional.empty();
        if (Implementations.LEARNER.equals(implementation.name())) {
            book = Optional.of(new GradeBook(home.dataFolder().resolve("grades"))
                    .record(lab.id(), home.labFolder(lab).resolve("src/main"), report, tasks));
        }
        boolean passed = report.allPassed();
        if (report.checks().isEmpty()) {
            out.println("No checks ran.");
        } else {
            out.printf("%d of %d checks passed%s.%n", report.passedCount(), report.checks().size(),
                    task == null ? "" : " in task " + task);
            tellWhatIsNext(lab, home, report, book, tasks, out);
        }
        out.println();
        out.flush();
        return new Grade(passed, jsonOf(lab, implementation, report, book));
    }

    /** After a whole grade, or a grade of one task: what passed, and where to go next. */
    private void tellWhatIsNext(Lab lab, WorkshopHome home, GradeReport report, Optional<GradeBook.Entry> book,
                                SortedSet<Integer> tasks, PrintWriter out) throws Exception {
        int next;
        if (!report.allPassed()) {
            next = report.hintForFirstFailure().orElse(tasks.isEmpty() ? 1 : tasks.first());
        } else if (book.isPresent()) {
            next = book.get().nextTask();
        } else {
            next = task == null ? 0 : tasks.tailSet(task + 1).stream().findFirst().orElse(0);
        }
        if (report.allPassed() && task != null) {
            out.println("Task " + task + " passed." + (next == 0 ? "" : " Next: task " + next + ", './lockstep grade "
                    + lab.id() + " --task " + next + "'."));
        }
        if (next == 0) {
            out.println(task == null || book.isPresent()
                    ? "All done: every task of " + lab + " passes. Read the questions at the end of the lab's README"
                            + " before you move on."
                    : "That was the last task; './lockstep grade " + lab.id() + "' runs every check at once.");
            return;
        }
        if (!report.allPassed()) {
            Hints.read(home.labFolder(lab).resolve("HINTS.md")).forTask(next).ifPresent(hint -> {
                out.println();
                out.println("Next hint (labs/" + lab.folder() + "/HINTS.md):");
                out.println(hint);
            });
        }
    }

    private Map<String, Object> jsonOf(Lab lab, Implementation implementation, GradeReport report,
                                       Optional<GradeBook.Entry> book) {
        Map<String, Object> grade = new LinkedHashMap<>();
        grade.put("lab", lab.id());
        grade.put("impl", implementation.name());
        grade.put("task", task);
        grade.put("passed", report.passedCount());
        grade.put("checks", report.checks().size());
        grade.put("allPassed", report.allPassed());
        book.ifPresent(entry -> {
            grade.put("state", entry.state().name().toLowerCase(java.util.Locale.ROOT));
            grade.put("nextTask", entry.nextTask());
        });
        List<Map<String, Object>> checks = new ArrayList<>();
        for (CheckResult check : report.checks()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("task", check.task());
            one.put("group", check.group());
            one.put("name", check.name());
            one.put("status", check.status().name().toLowerCase(java.util.Locale.ROOT));
            one.put("message", check.message());
            one.put("notes", check.notes());
            one.put("seconds", Math.round(check.took().toMillis() / 100.0) / 10.0);
            checks.add(one);
        }
        grade.put("results", checks);
        return grade;
    }
}
