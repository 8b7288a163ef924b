package lockstep.selftest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.WorkshopHome;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Guards the kit itself, the way a course checks its exercises before handing them out: every lab
 * has its parts, every starter says where to work, every solution mirrors its starter, every task
 * the grader tags has its heading, every variant is listed.
 */
@DisplayName("The kit is consistent")
class KitConsistencyTest {

    /** A few dozen: a variant is one small mistake, and its diff shows it at a glance. */
    private static final int MOST_CHANGED_LINES_IN_A_VARIANT = 48;
    private static final Pattern LAB_FOLDER = Pattern.compile("lab(\\d{2})-[a-z0-9-]+");

    private static final Pattern TASK_TAG = Pattern.compile("@Tag\\(\"task:(\\d+)\"\\)");
    private static final Pattern TASK_HEADING = Pattern.compile("(?m)^## (\\d+)\\. ");

    private final WorkshopHome home = WorkshopHome.current();

    @Test
    @DisplayName("Every lab in the catalog has its README, hints, starter, grader and solution")
    void everyLabHasItsParts() {
        for (Lab lab : LabCatalog.all()) {
            Path folder = home.labFolder(lab);
            assertThat(folder.resolve("README.md")).as("README of %s", lab).isRegularFile();
            assertThat(folder.resolve("HINTS.md")).as("hints of %s", lab).isRegularFile();
            assertThat(javaFiles(folder.resolve("src/main/java"))).as("starter of %s", lab).isNotEmpty();
            assertThat(javaFiles(folder.resolve("src/test/java"))).as("grader of %s", lab).isNotEmpty();
            assertThat(home.solutionFolder(lab)).as("solution of %s", lab).isPresent();
        }
    }

    @Test
    @DisplayName("Every starter marks where to work with TODO(labNN), and no solution still does")
    void todosInStartersOnly() {
        for (Lab lab : LabCatalog.all()) {
            String todo = "TODO(lab" + lab.id() + ")";
            assertThat(filesContaining(home.labFolder(lab).resolve("src/main/java"), todo))
                    .as("starter files of %s with %s", lab, todo).isNotEmpty();
            assertThat(filesContaining(home.solutionFolder(lab).orElseThrow().resolve("src/main/java"), todo))
                    .as("solution files of %s still with %s", lab, todo).isEmpty();
        }
    }

    @Test
    @DisplayName("Every solution has exactly the starter's files, with the same names")
    void solutionsMirrorStarters() {
        for (Lab lab : LabCatalog.all()) {
            Path starter = home.labFolder(lab).resolve("src/main/java");
            Path solution = home.solutionFolder(lab).orElseThrow().resolve("src/main/java");
            assertThat(relativeNames(solution)).as("files of the solution of %s", lab)
                    .isEqualTo(relativeNames(starter));
        }
    }

    @Test
    @DisplayName("Every task the grader tags has a '## N.' heading in the README and in the hints")
    void everyTaskHasItsHeadings() throws IOException {
        for (Lab lab : LabCatalog.all()) {
            Set<String> tagged = new TreeSet<>();
            for (Path grader : javaFiles(home.labFolder(lab).resolve("src/test/java"))) {
                Matcher tag = TASK_TAG.matcher(Files.readString(grader));
                while (tag.find()) {
                    tagged.add(tag.group(1));
                }
            }
            assertThat(tagged).as("task tags in the grader of %s", lab).isNotEmpty();
            assertThat(headings(home.labFolder(lab).resolve("README.md"))).as("task headings in the README of %s", lab)
                    .containsAll(tagged);
            assertThat(headings(home.labFolder(lab).resolve("HINTS.md"))).as("task headings in the hints of %s", lab)
                    .containsAll(tagged);
        }
    }

    @Test
    @DisplayName("Every variant folder is listed in variants.properties, every listed variant has a folder, and so has every hanging one")
    void variantsAreListed() throws IOException {
        Implementations implementations = new Implementations(home);
        for (Lab lab : LabCatalog.all()) {
            Path variants = home.solutionFolder(lab).orElseThrow().resolve("variants");
            Set<String> folders = new TreeSet<>();
            if (Files.isDirectory(variants)) {
                try (Stream<Path> children = Files.list(variants)) {
                    children.filter(Files::isDirectory).forEach(child -> folders.add(child.getFileName().toString()));
                }
            }
            assertThat(new TreeSet<>(implementations.knownMistakes(lab).keySet()))
                    .as("variants listed for %s", lab).isEqualTo(folders);
            assertThat(folders).as("variants of %s named in hanging.txt", lab)
                    .containsAll(implementations.hangingVariants(lab));
        }
    }

    @Test
    @DisplayName("No grader constructs a class of the learner's: graders reach the learner's code only through the lab's seam")
    void gradersReachLearnerCodeOnlyThroughTheSeam() throws IOException {
        List<String> constructions = new ArrayList<>();
        for (Lab lab : LabCatalog.all()) {
            Path folder = home.labFolder(lab);
            for (Path learnerFile : javaFiles(folder.resolve("src/main/java"))) {
                String name = learnerFile.getFileName().toString().replace(".java", "");
                Pattern constructs = Pattern.compile("\\bnew\\s+" + name + "\\s*(<[^>]*>)?\\s*\\(|\\b" + name + "::new\\b");
                for (Path grader : javaFiles(folder.resolve("src/test/java"))) {
                    List<String> lines = Files.readAllLines(grader);
                    for (int i = 0; i < lines.size(); i++) {
                        if (constructs.matcher(lines.get(i)).find()) {
                            constructions.add(folder.relativize(grader) + ":" + (i + 1) + " constructs " + name);
                        }
                    }
                }
            }
        }
        assertThat(constructions)
                .withFailMessage("A grader that constructs the learner's classes breaks when the learner changes a"
                        + " constructor, and grades the grader instead of the lock. Reach the code through"
                        + " Implementation.load() or LockSeam: %s", constructions)
                .isEmpty();
    }

    @Test
    @DisplayName("Every known-buggy variant differs from its solution by at most 48 lines, so its mistake shows at a glance")
    void variantsStaySmall() {
        Implementations implementations = new Implementations(home);
        List<String> large = new ArrayList<>();
        for (Lab lab : LabCatalog.all()) {
            for (String variant : implementations.knownMistakes(lab).keySet()) {
                int changed = VariantDiffs.of(home, lab, variant).stream()
                        .mapToInt(diff -> diff.diff().changedLines()).sum();
                if (changed > MOST_CHANGED_LINES_IN_A_VARIANT) {
                    large.add(lab.id() + "/" + variant + " changes " + changed + " lines:"
                            + VariantDiffs.describe(home, lab, variant));
                }
            }
        }
        assertThat(large)
                .withFailMessage("A variant is one small mistake; these change more than %d lines of their solution: %s",
                        MOST_CHANGED_LINES_IN_A_VARIANT, large)
                .isEmpty();
    }

    @Test
    @DisplayName("Every lab folder has a spec in the catalog, and its modules are listed in labs/ and solutions/")
    void aLabIsItsSpecAndItsModules() throws IOException {
        Set<String> folders = new TreeSet<>();
        try (Stream<Path> children = Files.list(home.root().resolve("labs"))) {
            children.filter(Files::isDirectory).map(child -> child.getFileName().toString())
                    .filter(name -> LAB_FOLDER.matcher(name).matches()).forEach(folders::add);
        }
        Set<String> specified = new TreeSet<>();
        LabCatalog.all().forEach(lab -> specified.add(lab.folder()));
        assertThat(folders).as("lab folders under labs/ against the folders the specs name").isEqualTo(specified);

        String labModules = Files.readString(home.root().resolve("labs/pom.xml"));
        String solutionModules = Files.readString(home.root().resolve("solutions/pom.xml"));
        for (Lab lab : LabCatalog.all()) {
            assertThat(labModules).as("labs/pom.xml lists %s", lab).contains("<module>" + lab.folder() + "</module>");
            assertThat(solutionModules).as("solutions/pom.xml lists %s", lab)
                    .contains("<module>" + lab.folder() + "</module>");
        }
        assertThat(solutionModules.lastIndexOf("<module>"))
                .as("the self-test is the last module of solutions/pom.xml, so that Maven builds it after every lab")
                .isEqualTo(solutionModules.indexOf("<module>selftest</module>"));
    }

    private static Set<String> headings(Path markdown) throws IOException {
        Set<String> numbers = new TreeSet<>();
        Matcher heading = TASK_HEADING.matcher(Files.readString(markdown));
        while (heading.find()) {
            numbers.add(heading.group(1));
        }
        return numbers;
    }

    private static List<Path> javaFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> filesContaining(Path folder, String text) {
        List<Path> matches = new ArrayList<>();
        for (Path file : javaFiles(folder)) {
            try {
                if (Files.readString(file).contains(text)) {
                    matches.add(file);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return matches;
    }

    private static Set<String> relativeNames(Path folder) {
        Set<String> names = new TreeSet<>();
        javaFiles(folder).forEach(file -> names.add(folder.relativize(file).toString()));
        return names;
    }
}
