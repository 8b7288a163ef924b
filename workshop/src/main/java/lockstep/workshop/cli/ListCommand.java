package lockstep.workshop.cli;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import lockstep.workshop.grading.GradeBook;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep list}: every lab and where you stand in it. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the labs with your state in each: not started, failing, passing, or changed since"
                + " last graded (as of your last './lockstep grade').")
public final class ListCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        WorkshopHome home = WorkshopHome.current();
        GradeBook grades = new GradeBook(home.dataFolder().resolve("grades"));
        var out = spec.commandLine().getOut();
        for (Lab lab : LabCatalog.all()) {
            String state = grades.last(lab.id(), home.labFolder(lab).resolve("src/main"))
                    .map(last -> last.state().words() + " (" + last.passed() + " of " + last.checks()
                            + " checks, graded " + WHEN.format(last.when()) + ")")
                    .orElse(GradeBook.State.NOT_STARTED.words());
            out.printf("%s  %-28s %s%n", lab.id(), lab.title(), state);
        }
        out.println();
        out.println("Start a lab by reading labs/<lab>/README.md; grade it with ./lockstep grade NN.");
        return 0;
    }
}
