package lockstep.workshop.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab's {@code HINTS.md}: one section per task, under a heading {@code ## N. ...} that matches the
 * task's heading in the lab README and the {@code task:N} tag of its checks.
 */
public final class Hints {

    private static final Pattern TASK_HEADING = Pattern.compile("^## (\\d+)\\. .*");

    private final List<String> lines;

    private Hints(List<String> lines) {
        this.lines = lines;
    }

    public static Hints read(Path file) throws IOException {
        return new Hints(Files.exists(file) ? Files.readAllLines(file) : List.of());
    }

    /** The hint for task {@code task}: its heading and the text up to the next heading of that level. */
    public Optional<String> forTask(int task) {
        StringBuilder section = null;
        for (String line : lines) {
            Matcher heading = TASK_HEADING.matcher(line);
            boolean isSectionHeading = line.startsWith("## ");
            if (section != null && isSectionHeading) {
                break;
            }
            if (heading.matches() && Integer.parseInt(heading.group(1)) == task) {
                section = new StringBuilder();
            }
            if (section != null) {
                section.append(line).append('\n');
            }
        }
        return Optional.ofNullable(section).map(text -> text.toString().strip());
    }
}
