package lockstep.workshop.lab;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One body of booking code for one lab: the learner's, the reference solution, or a known-buggy
 * variant. They all have the same class names, so each is loaded in a class loader of its own,
 * and node processes get its folders first on their class path.
 */
public final class Implementation {

    private final String name;
    private final Lab lab;
    private final String seamClassName;
    private final List<Path> classFolders;
    private final ClassLoader loader;

    private Implementation(String name, Lab lab, String seamClassName, List<Path> classFolders, ClassLoader loader) {
        this.name = Objects.requireNonNull(name, "name");
        this.lab = Objects.requireNonNull(lab, "lab");
        this.seamClassName = Objects.requireNonNull(seamClassName, "seamClassName");
        this.classFolders = List.copyOf(classFolders);
        this.loader = Objects.requireNonNull(loader, "loader");
    }

    /**
     * The implementation whose seam class a grader sees on its own class path: the learner's code
     * when the grader runs in the lab's folder, the solution when it runs in the solution's, or the
     * code the self-test put in the grader's class loader.
     */
    public static Implementation of(Class<? extends LabBooking> seam) {
        Lab lab = LabCatalog.bySeamClass(seam.getName()).orElseThrow(() -> new IllegalArgumentException(
                seam.getName() + " is not the seam class of any lab in the catalog"));
        return of(lab, seam);
    }

    /** Like {@link #of(Class)}, for a seam class that is not the lab's usual one (the toolkit's own tests). */
    public static Implementation of(Lab lab, Class<? extends LabBooking> seam) {
        ClassLoader loader = seam.getClassLoader();
        List<Path> folders = new ArrayList<>();
        if (loader instanceof URLClassLoader isolated) {
            for (URL url : isolated.getURLs()) {
                folders.add(toPath(url));
            }
        } else {
            folders.add(toPath(seam.getProtectionDomain().getCodeSource().getLocation()));
        }
        return new Implementation(nameOf(loader, folders), lab, seam.getName(), folders, loader);
    }

    /** The implementation compiled into {@code classFolders} (searched in order), in a loader of its own. */
    public static Implementation isolated(String name, Lab lab, List<Path> classFolders) {
        URL[] urls = classFolders.stream().map(Implementation::toUrl).toArray(URL[]::new);
        ClassLoader loader = new URLClassLoader("lockstep-" + name, urls, Implementation.class.getClassLoader());
        return new Implementation(name, lab, lab.seamClassName(), classFolders, loader);
    }

    /** learner, solution, or the variant's name. */
    public String name() {
        return name;
    }

    public Lab lab() {
        return lab;
    }

    /** The folders holding this implementation's classes, to put first on a node process's class path. */
    public List<Path> classFolders() {
        return classFolders;
    }

    /** The class loader that sees this implementation; a grader runs in it. */
    public ClassLoader classLoader() {
        return loader;
    }

    /** The class implementing {@link LabBooking}, usually {@link Lab#seamClassName()}. */
    public String seamClassName() {
        return seamClassName;
    }

    /** A new instance of the lab's seam class from this implementation. */
    public LabBooking load() {
        try {
            Class<?> seam = Class.forName(seamClassName, true, loader);
            return (LabBooking) seam.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("The " + name + " code of " + lab + " has no class "
                    + seamClassName + " in " + classFolders + ". Has it been built? (./lockstep builds it)", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot create " + seamClassName + ": " + e, e);
        }
    }

    /** The class path of a node process: this implementation's folders, then the toolkit's own. */
    public String processClassPath() {
        List<String> entries = new ArrayList<>();
        classFolders.forEach(folder -> entries.add(folder.toString()));
        entries.add(System.getProperty("java.class.path"));
        return String.join(File.pathSeparator, entries);
    }

    @Override
    public String toString() {
        return name + " code of " + lab;
    }

    /** learner or solution from where the classes were built; a grader's loader is named after its code. */
    private static String nameOf(ClassLoader loader, List<Path> folders) {
        String loaderName = loader.getName();
        if (loaderName != null && loaderName.startsWith("lockstep-")) {
            return loaderName.substring("lockstep-".length());
        }
        String where = folders.isEmpty() ? "" : folders.get(0).toString().replace(File.separatorChar, '/');
        if (where.contains("/solutions/")) {
            return Implementations.SOLUTION;
        }
        return where.contains("/labs/") ? Implementations.LEARNER : "on-classpath";
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a file location: " + url, e);
        }
    }

    private static URL toUrl(Path folder) {
        try {
            return folder.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(new IOException("not a usable path: " + folder, e));
        }
    }
}
