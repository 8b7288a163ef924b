package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import lockstep.workshop.grading.Timing;
import picocli.CommandLine;

/**
 * What a command under test prints, on standard output and standard error, kept in memory; and the wait for a line
 * of a command that runs in the foreground (until Ctrl+C) in another thread.
 */
final class CapturedOutput {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code command} as its own command line, printing here. */
    CommandLine commandLine(Object command) {
        return printingHere(new CommandLine(command));
    }

    /** The whole {@code lockstep} command line, with its handling of bad input, printing here. */
    CommandLine lockstep() {
        return printingHere(Lockstep.commandLine());
    }

    String out() {
        return out.toString();
    }

    String err() {
        return err.toString();
    }

    /** Waits until standard output holds {@code text}; fails, quoting both streams, after {@link Timing#forPromptEvent()}. */
    void awaitOut(String text) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (!out().contains(text)) {
            assertThat(System.nanoTime()).withFailMessage("the command never printed '%s'; it printed:%n%s%s", text, out, err)
                    .isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private CommandLine printingHere(CommandLine commandLine) {
        return commandLine.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));
    }
}
