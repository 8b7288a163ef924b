package lockstep.workshop.lab;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a known-buggy variant. A variant is a folder of source files with the same class names
 * as the solution's (usually one file with one mistake), so it cannot share a Maven source folder
 * with the solution; it is compiled here, against the solution's classes, into a folder of its own.
 */
final class VariantCompiler {

    private VariantCompiler() {
    }

    /**
     * Compiles {@code sources} into {@code output} unless the output is already newer than every source and every
     * class it was compiled against (the solution's, and the toolkit's own): a variant compiled against an older
     * toolkit would fail with a linkage error instead of its mistake.
     */
    static void compile(Path sources, List<Path> classPath, Path output) {
        List<Path> files = javaFilesIn(sources);
        if (files.isEmpty()) {
            throw new IllegalStateException("the variant folder " + sources + " holds no .java files");
        }
        List<Path> inputs = new ArrayList<>(files);
        classPath.forEach(entry -> inputs.addAll(filesIn(entry)));
        toolkitLocation().ifPresent(toolkit -> inputs.addAll(filesIn(toolkit)));
        if (isUpToDate(inputs, output)) {
            return;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("Compiling a variant needs a JDK, but this Java has no compiler: "
                    + System.getProperty("java.home") + ". Point JAVA_HOME at a JDK 17 or newer.");
        }
        List<String> arguments = new ArrayList<>(List.of(
                "--release", "17", "-nowarn", "-d", output.toString(),
                "-cp", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList())
                        + File.pathSeparator + System.getProperty("java.class.path")));
        files.forEach(file -> arguments.add(file.toString()));
        StringWriter errors = new StringWriter();
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int exit = javac.run(null, null, new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                errors.write(b);
            }
        }), arguments.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException("the variant in " + sources + " does not compile:\n" + errors);
        }
    }

    private static boolean isUpToDate(List<Path> inputs, Path output) {
        if (!Files.isDirectory(output)) {
            return false;
        }
        try (Stream<Path> classes = Files.walk(output)) {
            FileTime oldestClass = classes.filter(file -> file.toString().endsWith(".class"))
                    .map(VariantCompiler::modified).min(FileTime::compareTo).orElse(null);
            if (oldestClass == null) {
                return false;
            }
            return inputs.stream().map(VariantCompiler::modified).allMatch(time -> time.compareTo(oldestClass) < 0);
        } catch (IOException e) {
            return false;
        }
    }

    /** Every file under {@code entry} (a folder of classes), or the entry itself (a jar). */
    private static List<Path> filesIn(Path entry) {
        if (!Files.isDirectory(entry)) {
            return Files.exists(entry) ? List.of(entry) : List.of();
        }
        try (Stream<Path> files = Files.walk(entry)) {
            return files.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + entry, e);
        }
    }

    /** Where the toolkit's own classes are: its classes folder, or its jar; empty if that cannot be told. */
    private static java.util.Optional<Path> toolkitLocation() {
        try {
            return java.util.Optional.of(Path.of(
                    VariantCompiler.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }

    private static List<Path> javaFilesIn(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the variant folder " + folder, e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
