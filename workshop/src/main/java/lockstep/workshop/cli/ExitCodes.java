package lockstep.workshop.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exit-code scheme of every {@code lockstep} command, so a script can tell what happened without reading the
 * output. Every command's {@code --help} shows this table ({@link Lockstep#commandLine()} puts it there), and the
 * README repeats it.
 */
public final class ExitCodes {

    /** Done: booked, every check passed, a race in which every rule held, the view printed. */
    public static final int OK = 0;
    /** A check or a grade failed, a race broke a rule of a correct sale, or the seat was not booked. */
    public static final int FAILED_CHECK = 1;
    /** Bad input: a flag or a value is wrong; the message names it. */
    public static final int BAD_INPUT = 2;
    /** A database or lock service is not there or could not start (for example, its port is in use). */
    public static final int UNAVAILABLE = 3;
    /** A bug in lockstep: it prints the stack trace. */
    public static final int BUG = 4;
    /** Stopped with Ctrl+C: the usual way to stop lock-server, zk start, redis start and visualize. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {
    }

    /** The table as picocli's usage help shows it: code, then meaning. */
    static Map<String, String> table() {
        Map<String, String> table = new LinkedHashMap<>();
        table.put(String.valueOf(OK), "done: booked, every check passed, or a race in which every rule held");
        table.put(String.valueOf(FAILED_CHECK), "a check failed, a race broke a rule, or the seat was not booked");
        table.put(String.valueOf(BAD_INPUT), "bad input: the message names the flag and what it expects");
        table.put(String.valueOf(UNAVAILABLE), "a database or lock service is not there, or could not start");
        table.put(String.valueOf(BUG), "a bug in lockstep (the stack trace follows)");
        table.put(String.valueOf(INTERRUPTED),
                "stopped with Ctrl+C (how lock-server, zk start, redis start and visualize end)");
        return table;
    }
}
