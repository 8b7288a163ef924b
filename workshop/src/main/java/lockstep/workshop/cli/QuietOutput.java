package lockstep.workshop.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Sends everything written to {@code System.out} and {@code System.err} to a log file until closed: stack traces,
 * library logs, the nodes' error output, and whatever the learner's code prints. A grade's checklist is written to the
 * command's own writer, taken before this starts, so the learner sees the checks and only the checks.
 */
final class QuietOutput implements AutoCloseable {

    private final PrintStream originalOut;
    private final PrintStream originalErr;
    private final PrintStream log;

    private QuietOutput(PrintStream log) {
        this.originalOut = System.out;
        this.originalErr = System.err;
        this.log = log;
        System.setOut(log);
        System.setErr(log);
    }

    /** Starts sending the output to {@code file}, which is emptied first. */
    static QuietOutput into(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        return new QuietOutput(new PrintStream(new FileOutputStream(file.toFile(), false), true,
                StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        log.close();
    }
}
