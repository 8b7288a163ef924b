package lockstep.workshop.cli;

import java.util.concurrent.Callable;
import lockstep.workshop.grading.GradeBook;
import lockstep.workshop.grading.Hints;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.WorkshopHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lockstep hint}: the hint for one task of a lab. */
@Command(name = "hint", mixinStandardHelpOptions = true,
        description = "Print the hint for a task of a lab (from the lab's HINTS.md).")
public final class HintCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "NN", converter = LabConverter.class, description = "The lab, for example 01.")
    private Lab lab;

    @Option(names = "--task", paramLabel = "N",
            description = "Which task. Default: the first task your last './lockstep grade' failed, else the first"
                    + " not yet graded, else 1.")
    private Integer task;

    @Override
    public Integer call() throws Exception {
        WorkshopHome home = WorkshopHome.current();
        if (task == null) {
            var last = new GradeBook(home.dataFolder().resolve("grades"))
                    .last(lab.id(), home.labFolder(lab).resolve("src/main"));
            if (last.isPresent() && last.get().state() == GradeBook.State.PASSING) {
                spec.commandLine().getOut().println("Your code passes every check of " + lab + ": there is no"
                        + " next hint. Read the questions at the end of labs/" + lab.folder() + "/README.md, or"
                        + " see any task's hint with './lockstep hint " + lab.id() + " --task N'.");
                return ExitCodes.OK;
            }
            task = last.map(GradeBook.Entry::nextTask).filter(next -> next > 0).orElse(1);
        }
        var hintsFile = home.labFolder(lab).resolve("HINTS.md");
        String hint = Hints.read(hintsFile).forTask(task).orElseThrow(() -> new IllegalArgumentException(
                "--task " + task + ": " + lab + " has no hint for that task (see the '## N.' headings in labs/"
                        + lab.folder() + "/HINTS.md)."));
        spec.commandLine().getOut().println(hint);
        return ExitCodes.OK;
    }
}
