package lockstep.workshop.race;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import lockstep.workshop.lab.Lab;

/**
 * Finding a lab's named faults (each lab's spec lists them): what {@code race --fault NAME} accepts, and what its
 * help lists.
 */
public final class LabFaults {

    /** Picocli's usage width. */
    private static final int HELP_WIDTH = 80;

    private LabFaults() {
    }

    /** The named faults of {@code lab}, in the order its README lists them; empty when it has none. */
    public static List<NamedFault> of(Lab lab) {
        return lab.faults();
    }

    /**
     * The fault of {@code lab} called {@code name}.
     *
     * @throws IllegalArgumentException with a sentence that lists the names there are
     */
    public static NamedFault named(Lab lab, String name) {
        List<NamedFault> faults = of(lab);
        return faults.stream().filter(fault -> fault.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(faults.isEmpty()
                        ? lab + " has no named faults; --fault works with the labs that have a lock service."
                        : "--fault must be one of " + names(faults) + " for " + lab + ", but was '" + name + "'."));
    }

    /** Every lab's faults as help text for {@code race --help}: the name, then the description wrapped below it. */
    public static List<String> helpLines(List<Lab> labs) {
        List<String> lines = new ArrayList<>();
        for (Lab lab : labs) {
            for (NamedFault fault : of(lab)) {
                lines.add("  --lab " + lab.id() + " --fault " + fault.name());
                lines.addAll(wrapped(fault.description(), "      ", HELP_WIDTH));
            }
        }
        return lines;
    }

    /** The words of {@code text} in lines of at most {@code width} characters, each starting with {@code indent}. */
    private static List<String> wrapped(String text, String indent, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder(indent);
        for (String word : text.split(" ")) {
            if (line.length() > indent.length() && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line = new StringBuilder(indent);
            }
            line.append(line.length() > indent.length() ? " " : "").append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static String names(List<NamedFault> faults) {
        return faults.stream().map(NamedFault::name).collect(Collectors.joining(", "));
    }
}
