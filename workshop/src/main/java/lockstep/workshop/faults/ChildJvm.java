package lockstep.workshop.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A Java program running in a separate JVM with this JVM's class path, whose output lines can be
 * awaited. A node must be its own process for the process faults ({@link ProcessKill},
 * {@link ProcessPause}) to mean what they say.
 *
 * <p>Standard output and standard error are merged and kept line by line. {@link #close()} kills
 * the process if it still runs, so a failed test leaves no JVM behind.
 */
public final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final String description;
    private final List<String> lines = new ArrayList<>(); // guarded by this
    private boolean outputEnded; // guarded by this

    private ChildJvm(Process process, String description) {
        this.process = process;
        this.description = description;
    }

    /**
     * Starts {@code mainClass} with {@code args} in a new JVM (the same Java, the same class path),
     * and returns at once; use {@link #awaitLine} to know when it is ready.
     */
    public static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
        return start(System.getProperty("java.class.path"), mainClass, args);
    }

    /**
     * Starts {@code mainClass} as {@link #start(Class, String...)} does, on {@code classPath}: for a program whose
     * classes this JVM loaded from elsewhere than its own class path (a lab's code, a grader's classes), for example
     * {@code Implementation.processClassPath()}.
     */
    public static ChildJvm start(String classPath, Class<?> mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // Small programs: start fast and stay small (two of them share two cores with the build).
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx128m",
                "-cp", classPath,
                mainClass.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        ChildJvm child = new ChildJvm(process, mainClass.getSimpleName() + " (pid " + process.pid() + ")");
        Thread reader = new Thread(child::readOutput, "output of " + child.description);
        reader.setDaemon(true);
        reader.start();
        return child;
    }

    /** The operating system's id of the process. */
    public long pid() {
        return process.pid();
    }

    /** The process, for the process faults. */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /**
     * Waits for the first output line (since the start) that {@code matches}, and returns it.
     *
     * @throws IllegalStateException if the process ends first, or nothing matches within
     *     {@code timeout}; the message quotes the output so far
     */
    public synchronized String awaitLine(Predicate<String> matches, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < lines.size(); checked++) {
                if (matches.test(lines.get(checked))) {
                    return lines.get(checked);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (outputEnded || remaining <= 0) {
                throw new IllegalStateException((outputEnded ? description + " ended" : "waited " + timeout.toMillis()
                        + " ms") + " without the expected line; its output was:\n  " + String.join("\n  ", lines));
            }
            TimeUnit.NANOSECONDS.timedWait(this, remaining);
        }
    }

    /** Waits for the first output line that starts with {@code prefix}. */
    public String awaitLineStartingWith(String prefix, Duration timeout) throws InterruptedException {
        return awaitLine(line -> line.startsWith(prefix), timeout);
    }

    /** Every line printed so far. */
    public synchronized List<String> output() {
        return List.copyOf(lines);
    }

    /** Kills the process if it still runs, and waits until it has gone. */
    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            // The kill is sent; the process goes without us watching. Keep the interrupt.
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private void readOutput() {
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = output.readLine()) != null) {
                synchronized (this) {
                    lines.add(line);
                    notifyAll();
                }
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed; that ends the output too.
        } finally {
            synchronized (this) {
                outputEnded = true;
                notifyAll();
            }
        }
    }
}
