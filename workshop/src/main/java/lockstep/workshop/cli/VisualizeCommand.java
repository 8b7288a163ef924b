package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.util.concurrent.Callable;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lockserver.LockServerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep visualize}: a live view of a lab's lock service in the terminal, refreshed twice a second. Each lab's
 * lock service has a view class of its own; this command only picks it and redraws it.
 */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = {"Watch a lab's lock service live, refreshed twice a second: for the lock server (Lab 02),"
                + " every lock with its owner, fencing token and time left, and the last events (granted, denied,"
                + " renewed, released, expired).",
                "Run it in a terminal of its own beside './lockstep lock-server' and two './lockstep book' runs."
                        + " Ctrl+C stops it."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped after --once", "2:bad input", "3:with --once: no lock server answered"})
public final class VisualizeCommand implements Callable<Integer> {

    /** Twice a second: fast enough to watch a 2 s lease count down. */
    static final long REFRESH_MS = 500;

    /** Clears an ANSI terminal and puts the cursor at the top left. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    private CommandSpec spec;

    @Option(names = "--lab", paramLabel = "NN", defaultValue = "02", converter = LabConverter.class,
            description = "Whose lock service to show (default ${DEFAULT-VALUE}).")
    private Lab lab;

    @Option(names = "--server", paramLabel = "URL", defaultValue = BookCommand.DEFAULT_LOCK_SERVER,
            description = "For the lock server: where it runs (default ${DEFAULT-VALUE}).")
    private String lockServer;

    @Option(names = "--once", description = "Print the view once and stop, instead of refreshing it.")
    private boolean once;

    @Override
    public Integer call() throws InterruptedException {
        return switch (lab.needs()) {
            case LOCK_SERVER -> showLockServer();
            case DATABASE_ONLY -> throw new IllegalArgumentException(lab + " has no lock service to watch;"
                    + " visualize shows the lock server of Lab 02 (--lab 02).");
            default -> throw new IllegalArgumentException("visualize has no view for " + lab + " yet; it shows"
                    + " the lock server of Lab 02 (--lab 02).");
        };
    }

    private int showLockServer() throws InterruptedException {
        try (LockServerClient client = LockServerClient.connect(URI.create(lockServer))) {
            LockServerView view = new LockServerView(client);
            PrintWriter out = spec.commandLine().getOut();
            boolean redrawInPlace = !once && System.console() != null;
            while (true) {
                out.print((redrawInPlace ? CLEAR_SCREEN : "") + view.frame());
                out.flush();
                if (once) {
                    return view.serverAnswered() ? 0 : Lockstep.UNAVAILABLE;
                }
                out.println(redrawInPlace ? "" : "--");
                Thread.sleep(REFRESH_MS); // the refresh rate of a view, not a wait for anything
            }
        }
    }
}
