package lockstep.workshop.grading;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Remembers how the learner's code in each lab did, task by task, with a fingerprint of the code it graded, so
 * {@code lockstep list} and {@code lockstep hint} know where the learner stands without running the graders again.
 * A grade of one task ({@code grade 03 --task 2}) updates that task and keeps what earlier grades of the same code
 * said of the others; any edit of the code starts the book of that lab afresh. Kept in {@code .lockstep/grades/}.
 */
public final class GradeBook {

    /** Where a learner stands in one lab. */
    public enum State {
        NOT_STARTED("not started"),
        FAILING("failing"),
        PARTLY_GRADED("passing so far"),
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

    /** How one task did when it was last graded: its checks passed, of how many. */
    public record TaskResult(long passed, long checks) {

        public boolean allPassed() {
            return checks > 0 && passed == checks;
        }
    }

    /**
     * What the book says of one lab.
     *
     * @param state     where the learner stands
     * @param tasks     each graded task's last result, by task number
     * @param allTasks  every task the grader has (a task missing from {@code tasks} has not been graded yet)
     * @param when      when the code was last graded
     */
    public record Entry(State state, SortedMap<Integer, TaskResult> tasks, SortedSet<Integer> allTasks, Instant when) {

        public Entry {
            tasks = new TreeMap<>(tasks);
            allTasks = new java.util.TreeSet<>(allTasks);
        }

        /** Checks passed, over every task graded so far. */
        public long passed() {
            return tasks.values().stream().mapToLong(TaskResult::passed).sum();
        }

        /** Checks graded so far. */
        public long checks() {
            return tasks.values().stream().mapToLong(TaskResult::checks).sum();
        }

        /** The task to work on next: the first that failed, else the first not graded yet; 0 when all passed. */
        public int nextTask() {
            Optional<Integer> failing = tasks.entrySet().stream().filter(task -> !task.getValue().allPassed())
                    .map(Map.Entry::getKey).findFirst();
            return failing.orElseGet(() -> allTasks.stream().filter(task -> !tasks.containsKey(task)).findFirst()
                    .orElse(0));
        }
    }

    private final Path folder;

    public GradeBook(Path folder) {
        this.folder = folder;
    }

    /**
     * Records the grade of the code in {@code sources}: every task that {@code report} ran replaces what the book had
     * for it. {@code allTasks} are the tasks the grader has.
     */
    public Entry record(String labId, Path sources, GradeReport report, SortedSet<Integer> allTasks) {
        String fingerprint = fingerprint(sources);
        SortedMap<Integer, TaskResult> tasks = new TreeMap<>();
        read(labId).filter(stored -> fingerprint.equals(stored.getProperty("fingerprint")))
                .ifPresent(stored -> tasks.putAll(tasksIn(stored)));
        tasks.putAll(report.byTask());
        Entry entry = new Entry(stateOf(tasks, allTasks), tasks, allTasks, Instant.now());
        write(labId, fingerprint, entry);
        return entry;
    }

    /** The last grade of the code in {@code sources}, if it was ever graded; {@link State#CHANGED} if edited since. */
    public Optional<Entry> last(String labId, Path sources) {
        return read(labId).map(stored -> {
            SortedMap<Integer, TaskResult> tasks = tasksIn(stored);
            SortedSet<Integer> allTasks = new java.util.TreeSet<>();
            for (String task : stored.getProperty("allTasks", "").split(",")) {
                if (!task.isBlank()) {
                    allTasks.add(Integer.parseInt(task.trim()));
                }
            }
            State state = fingerprint(sources).equals(stored.getProperty("fingerprint"))
                    ? stateOf(tasks, allTasks) : State.CHANGED;
            return new Entry(state, tasks, allTasks, Instant.parse(stored.getProperty("when")));
        });
    }

    private static State stateOf(SortedMap<Integer, TaskResult> tasks, SortedSet<Integer> allTasks) {
        if (tasks.values().stream().anyMatch(task -> !task.allPassed())) {
            return State.FAILING;
        }
        return tasks.keySet().containsAll(allTasks) && !tasks.isEmpty() ? State.PASSING : State.PARTLY_GRADED;
    }

    private Optional<Properties> read(String labId) {
        Path file = fileOf(labId);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        Properties stored = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            stored.load(in);
        } catch (IOException e) {
            return Optional.empty();
        }
        // A book written by an older Lockstep has no tasks: it counts as never graded.
        return stored.getProperty("when") == null || stored.getProperty("allTasks") == null
                ? Optional.empty() : Optional.of(stored);
    }

    private void write(String labId, String fingerprint, Entry entry) {
        Properties stored = new Properties();
        stored.setProperty("fingerprint", fingerprint);
        stored.setProperty("when", entry.when().toString());
        stored.setProperty("allTasks", String.join(",", entry.allTasks().stream().map(String::valueOf).toList()));
        entry.tasks().forEach((task, result) ->
                stored.setProperty("task." + task, result.passed() + "/" + result.checks()));
        try {
            Files.createDirectories(folder);
            try (OutputStream out = Files.newOutputStream(fileOf(labId))) {
                stored.store(out, "last grade of labs/ code, per task; written by lockstep grade");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the grade in " + folder, e);
        }
    }

    private static SortedMap<Integer, TaskResult> tasksIn(Properties stored) {
        SortedMap<Integer, TaskResult> tasks = new TreeMap<>();
        for (String key : stored.stringPropertyNames()) {
            if (key.startsWith("task.")) {
                String[] counts = stored.getProperty(key).split("/");
                tasks.put(Integer.parseInt(key.substring("task.".length())),
                        new TaskResult(Long.parseLong(counts[0]), Long.parseLong(counts[1])));
            }
        }
        return tasks;
    }

    private Path fileOf(String labId) {
        return folder.resolve("lab" + labId + ".properties");
    }

    /** A hash of every file under {@code sources}, so any edit changes it. */
    static String fingerprint(Path sources) {
        try (Stream<Path> files = Files.walk(sources)) {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            List<Path> sorted = files.filter(Files::isRegularFile).sorted().toList();
            for (Path file : sorted) {
                sha.update(sources.relativize(file).toString().getBytes(StandardCharsets.UTF_8));
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
