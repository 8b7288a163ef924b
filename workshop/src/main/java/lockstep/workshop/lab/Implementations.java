package lockstep.workshop.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Finds the bodies of code a command or the self-test can run for a lab, by name:
 * {@code learner} (the code in {@code labs/}), {@code solution} (the reference solution in
 * {@code solutions/}), or the name of a known-buggy variant kept beside the solution.
 */
public final class Implementations {

    public static final String LEARNER = "learner";
    public static final String SOLUTION = "solution";

    private final WorkshopHome home;

    public Implementations(WorkshopHome home) {
        this.home = home;
    }

    /** The implementation called {@code name}; the exception's message says what names there are. */
    public Implementation named(Lab lab, String name) {
        if (LEARNER.equals(name)) {
            return learner(lab);
        }
        if (SOLUTION.equals(name)) {
            return solution(lab);
        }
        Map<String, String> variants = knownMistakes(lab);
        if (variants.containsKey(name)) {
            return variant(lab, name);
        }
        throw new IllegalArgumentException("--impl must be learner, solution"
                + (variants.isEmpty() ? "" : " or a known-buggy variant of " + lab + ": " + String.join(", ", variants.keySet()))
                + "; '" + name + "' is none of these.");
    }

    /** The learner's code, as last built from {@code labs/}. */
    public Implementation learner(Lab lab) {
        return Implementation.isolated(LEARNER, lab, List.of(built(home.labFolder(lab).resolve("target/classes"))));
    }

    /** The reference solution, as last built from {@code solutions/}. */
    public Implementation solution(Lab lab) {
        return Implementation.isolated(SOLUTION, lab, List.of(built(solutionFolder(lab).resolve("target/classes"))));
    }

    /** A known-buggy variant: its own classes first, then the solution's for everything it does not replace. */
    public Implementation variant(Lab lab, String name) {
        Path solution = solutionFolder(lab);
        Path solutionClasses = built(solution.resolve("target/classes"));
        Path output = solution.resolve("target/variants").resolve(name);
        VariantCompiler.compile(solution.resolve("variants").resolve(name), List.of(solutionClasses), output);
        return Implementation.isolated(name, lab, List.of(output, solutionClasses));
    }

    /**
     * The known-buggy variants kept for {@code lab}, each with the grader check it must fail (the
     * check's display name), from {@code solutions/LAB/variants/variants.properties}.
     */
    public Map<String, String> knownMistakes(Lab lab) {
        Path file = home.solutionFolder(lab).map(folder -> folder.resolve("variants/variants.properties")).orElse(null);
        Map<String, String> mistakes = new LinkedHashMap<>();
        if (file == null || !Files.exists(file)) {
            return mistakes;
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        List<String> names = new ArrayList<>(properties.stringPropertyNames());
        names.sort(null);
        names.forEach(name -> mistakes.put(name, properties.getProperty(name).trim()));
        return mistakes;
    }

    /**
     * The known-buggy variants of {@code lab} whose code hangs (a lock never let go, a waiter never woken), from
     * {@code solutions/LAB/variants/hanging.txt}, one name per line: their failed check must say who waits where.
     */
    public Set<String> hangingVariants(Lab lab) {
        Path file = home.solutionFolder(lab).map(folder -> folder.resolve("variants/hanging.txt")).orElse(null);
        if (file == null || !Files.exists(file)) {
            return Set.of();
        }
        try {
            return Files.readAllLines(file).stream().map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).collect(Collectors.toSet());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The compiled grader of {@code lab}: the test classes of its folder under {@code labs/}. */
    public Path graderClasses(Lab lab) {
        return built(home.labFolder(lab).resolve("target/test-classes"));
    }

    private Path solutionFolder(Lab lab) {
        return home.solutionFolder(lab).orElseThrow(() -> new IllegalStateException(
                "The reference solutions are not included in this edition of the workshop (there is no "
                        + home.root().relativize(home.root().resolve("solutions").resolve(lab.folder()))
                        + "). Leave out --impl to run your own code."));
    }

    private Path built(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(home.root().relativize(folder) + " does not exist yet: the code has not"
                    + " been built. Run the command through ./lockstep, which builds what changed, or run mvn -q -DskipTests install.");
        }
        return folder;
    }
}
