package lockstep.workshop.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Remembers the last grade of the learner's code in each lab, with a fingerprint of the code it
 * graded, so {@code lockstep list} can say "passing", "failing" or "changed since" without running
 * the graders again. Kept in {@code .lockstep/grades/}.
 */
public final class GradeBook {

    /** Where a learner stands in one lab. */
    public enum State {
        NOT_STARTED("not started"),
        FAILING("failing"),
        PASSING("passing"),
        CHANGED("changed since last graded");

        private final String words;

        State(String words) {
            this.words = words;
        }

        public String words() {
            return words;
        }
    }

    /** The last grade: its state, how many checks passed of how many, when, and the first task that failed (0: none). */
    public record Entry(State state, long passed, long checks, Instant when, int firstFailedTask) {
    }

    private final Path folder;

    public GradeBook(Path folder) {
        this.folder = folder;
    }

    /** Records the grade of the code in {@code sources}. */
    public void record(String labId, Path sources, GradeReport report) {
        Properties grade = new Properties();
        grade.setProperty("state", report.allPassed() ? State.PASSING.name() : State.FAILING.name());
        grade.setProperty("passed", Long.toString(report.passedCount()));
        grade.setProperty("checks", Integer.toString(report.checks().size()));
        grade.setProperty("when", Instant.now().toString());
        grade.setProperty("fingerprint", fingerprint(sources));
        grade.setProperty("firstFailedTask", Integer.toString(report.firstFailedTask().orElse(0)));
        try {
            Files.createDirectories(folder);
            try (OutputStream out = Files.newOutputStream(folder.resolve("lab" + labId + ".properties"))) {
                grade.store(out, "last grade of labs/ code; written by lockstep grade");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the grade in " + folder, e);
        }
    }

    /** The last grade of the code in {@code sources}, if it was ever graded. */
    public Optional<Entry> last(String labId, Path sources) {
        Path file = folder.resolve("lab" + labId + ".properties");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties grade = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            grade.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        State state = State.valueOf(grade.getProperty("state", State.FAILING.name()));
        if (!fingerprint(sources).equals(grade.getProperty("fingerprint"))) {
            state = State.CHANGED;
        }
        return Optional.of(new Entry(state, Long.parseLong(grade.getProperty("passed", "0")),
                Long.parseLong(grade.getProperty("checks", "0")), Instant.parse(grade.getProperty("when")),
                Integer.parseInt(grade.getProperty("firstFailedTask", "0"))));
    }

    /** A hash of every file under {@code sources}, so any edit changes it. */
    static String fingerprint(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
            for (Path file : sorted) {
                sha.update(sources.relativize(file).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            return "unreadable";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }
}
