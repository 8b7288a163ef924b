package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;
import lockstep.workshop.grading.CheckResult;

/** Prints a grader's checks as they finish: one line each, under its group, failures explained. */
final class Checklist implements Consumer<CheckResult> {

    private static final int WRAP_AT = 96;

    private final PrintWriter out;
    private String group = "";

    Checklist(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void accept(CheckResult check) {
        if (!check.group().equals(group)) {
            group = check.group();
            out.println();
            out.println(group);
        }
        String mark = switch (check.status()) {
            case PASSED -> "[pass]";
            case FAILED -> "[FAIL]";
            case SKIPPED -> "[skip]";
        };
        out.println("  " + mark + " " + check.name());
        if (!check.passed() && !check.message().isEmpty()) {
            wrap(check.message(), "         ").forEach(out::println);
        }
        check.notes().forEach(note -> wrap(note, "         ").forEach(out::println));
        out.flush();
    }

    /** Breaks {@code text} into lines of at most {@value #WRAP_AT} characters, each starting with {@code indent}. */
    static java.util.List<String> wrap(String text, String indent) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (String paragraph : text.split("\n")) {
            StringBuilder line = new StringBuilder(indent);
            for (String word : paragraph.split(" ")) {
                if (line.length() + word.length() + 1 > WRAP_AT && line.length() > indent.length()) {
                    lines.add(line.toString());
                    line = new StringBuilder(indent);
                }
                if (line.length() > indent.length()) {
                    line.append(' ');
                }
                line.append(word);
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
