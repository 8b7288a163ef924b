package lockstep.selftest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.WorkshopHome;

/** What each known-buggy variant changes in its solution: the diff of every file it replaces. */
final class VariantDiffs {

    /** One replaced file: its path below the variant's folder, and its diff against the solution's file. */
    record FileDiff(String file, LineDiff diff) {
    }

    private VariantDiffs() {
    }

    /** The diffs of {@code variant} of {@code lab}, one per file it replaces. */
    static List<FileDiff> of(WorkshopHome home, Lab lab, String variant) {
        Path solution = home.solutionFolder(lab).orElseThrow();
        Path folder = solution.resolve("variants").resolve(variant);
        List<FileDiff> diffs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).sorted().toList()) {
                Path original = solutionFileNamed(solution.resolve("src/main/java"), file.getFileName().toString());
                List<String> before = original == null ? List.of() : Files.readAllLines(original);
                diffs.add(new FileDiff(folder.relativize(file).toString(), LineDiff.between(before, Files.readAllLines(file))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return diffs;
    }

    /** The diffs as text, each under its file's name, for a failure message. */
    static String describe(WorkshopHome home, Lab lab, String variant) {
        StringBuilder text = new StringBuilder();
        for (FileDiff diff : of(home, lab, variant)) {
            text.append(System.lineSeparator()).append(variant).append('/').append(diff.file())
                    .append(" against the solution:").append(System.lineSeparator()).append(diff.diff());
        }
        return text.toString();
    }

    private static Path solutionFileNamed(Path sources, String name) throws IOException {
        try (Stream<Path> files = Files.walk(sources)) {
            return files.filter(file -> file.getFileName().toString().equals(name)).findFirst().orElse(null);
        }
    }
}
