package lockstep.workshop.lab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The workshop's folder on disk: where the labs, the solutions and the toolkit's own data live.
 * The {@code lockstep} launcher passes it as the system property {@code lockstep.home}; without it
 * the toolkit looks upwards from the current folder for a folder holding {@code labs/} and
 * {@code workshop/}.
 */
public final class WorkshopHome {

    private final Path root;

    private WorkshopHome(Path root) {
        this.root = root;
    }

    /** The workshop this JVM runs in. */
    public static WorkshopHome current() {
        String property = System.getProperty("lockstep.home");
        if (property != null && !property.isBlank()) {
            return at(Path.of(property));
        }
        for (Path folder = Path.of("").toAbsolutePath(); folder != null; folder = folder.getParent()) {
            if (Files.isDirectory(folder.resolve("labs")) && Files.isDirectory(folder.resolve("workshop"))) {
                return new WorkshopHome(folder);
            }
        }
        throw new IllegalStateException("Cannot find the workshop folder (one that holds labs/ and workshop/)."
                + " Run lockstep from inside the workshop, or set -Dlockstep.home=FOLDER.");
    }

    public static WorkshopHome at(Path root) {
        return new WorkshopHome(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /** The lab's folder under {@code labs/}: the learner's code and the grader. */
    public Path labFolder(Lab lab) {
        return root.resolve("labs").resolve(lab.folder());
    }

    /** The lab's reference solution, unless this is a learners' edition without {@code solutions/}. */
    public Optional<Path> solutionFolder(Lab lab) {
        Path folder = root.resolve("solutions").resolve(lab.folder());
        return Files.isDirectory(folder) ? Optional.of(folder) : Optional.empty();
    }

    /** The toolkit's own working folder ({@code .lockstep/}), for databases, server data and grades. */
    public Path dataFolder() {
        return root.resolve(".lockstep");
    }
}
