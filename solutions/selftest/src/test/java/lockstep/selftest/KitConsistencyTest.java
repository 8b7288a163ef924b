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
    @DisplayName("Every variant folder is listed in variants.properties, and every listed variant has a folder")
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
        }
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
