package lockstep.workshop.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import lockstep.workshop.grading.GradeBook;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lockstep list}: every lab and where you stand in it. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the labs with your state in each: not started, failing, passing so far (some tasks"
                + " graded, all of them passing), passing, or changed since last graded (as of your last"
                + " './lockstep grade').")
public final class ListCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("MMM d HH:mm").withZone(ZoneId.systemDefault());

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "Print one JSON object (every lab and its state) instead of the table.")
    private boolean json;

    @Override
    public Integer call() throws IOException {
        WorkshopHome home = WorkshopHome.current();
        GradeBook grades = new GradeBook(home.dataFolder().resolve("grades"));
        var out = spec.commandLine().getOut();
        int titleWidth = LabCatalog.all().stream().mapToInt(lab -> lab.title().length()).max().orElse(0);
        List<Map<String, Object>> labs = new ArrayList<>();
        for (Lab lab : LabCatalog.all()) {
            Optional<GradeBook.Entry> last = grades.last(lab.id(), home.labFolder(lab).resolve("src/main"));
            labs.add(jsonOf(lab, last));
            String state = last.map(entry -> entry.state().words() + " (" + entry.passed() + " of " + entry.checks()
                            + " checks" + tasksGraded(entry) + ", graded " + WHEN.format(entry.when()) + ")")
                    .orElse(GradeBook.State.NOT_STARTED.words());
            if (!json) {
                out.printf("%s  %-" + titleWidth + "s  %s%n", lab.id(), lab.title(), state);
            }
        }
        if (json) {
            out.println(JSON.std.asString(Map.of("labs", labs)));
            return ExitCodes.OK;
        }
        out.println();
        out.println("Start a lab by reading labs/<lab>/README.md; grade it with ./lockstep grade NN.");
        return ExitCodes.OK;
    }

    /** ", tasks 1-2 of 4" when only some tasks have been graded. */
    private static String tasksGraded(GradeBook.Entry entry) {
        if (entry.tasks().keySet().containsAll(entry.allTasks())) {
            return "";
        }
        return ", " + entry.tasks().size() + " of " + entry.allTasks().size() + " tasks graded";
    }

    private static Map<String, Object> jsonOf(Lab lab, Optional<GradeBook.Entry> last) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("lab", lab.id());
        row.put("title", lab.title());
        row.put("state", last.map(entry -> entry.state().name()).orElse(GradeBook.State.NOT_STARTED.name())
                .toLowerCase(Locale.ROOT));
        row.put("passed", last.map(GradeBook.Entry::passed).orElse(0L));
        row.put("checks", last.map(GradeBook.Entry::checks).orElse(0L));
        row.put("nextTask", last.map(GradeBook.Entry::nextTask).orElse(1));
        row.put("gradedAt", last.map(entry -> entry.when().toString()).orElse(null));
        return row;
    }
}
