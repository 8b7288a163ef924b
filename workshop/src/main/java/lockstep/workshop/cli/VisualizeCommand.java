package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.lab.Lab;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep visualize}: a live view of a lab's locks in the terminal, redrawn twice a second
 * until Ctrl+C. Each kind of lock service has a view of its own; this command picks the lab's.
 */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = {"Watch a lab's locks live: who holds each, for how long, and who waits. Redrawn twice a"
                + " second until Ctrl+C.",
                "ZooKeeper labs (03): the lock znodes under /lockstep/locks, each holder's session and node,"
                        + " session timeouts, how many sessions watch each lock, and recent changes."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:stopped (Ctrl+C), or one frame shown with --once", "2:bad input, or a lab without a view"})
public final class VisualizeCommand implements Callable<Integer> {

    /** Twice a second: quick enough to follow two terminals booking by hand. */
    static final Duration REFRESH = Duration.ofMillis(500);
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    private CommandSpec spec;

    @Option(names = "--lab", required = true, paramLabel = "NN", converter = LabConverter.class,
            description = "Whose locks to show, for example 03.")
    private Lab lab;

    @Option(names = "--once", description = "Show one frame and stop (for scripts).")
    private boolean once;

    @Mixin
    private ZkOption zk;

    @Override
    public Integer call() throws InterruptedException {
        return switch (lab.needs()) {
            case ZOOKEEPER -> showZnodes();
            case DATABASE_ONLY, LOCK_SERVER -> throw new IllegalArgumentException(lab + " has no live view yet."
                    + " Try a ZooKeeper lab: ./lockstep visualize --lab 03");
        };
    }

    private int showZnodes() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        boolean redraw = !once && System.console() != null;
        try (ZnodeView view = new ZnodeView(zk.connectString())) {
            do {
                List<String> frame = view.frame();
                if (redraw) {
                    out.print(CLEAR_SCREEN);
                }
                out.println(lab + ": " + frame.get(0));
                frame.subList(1, frame.size()).forEach(out::println);
                if (!once) {
                    out.println();
                    out.println("Redrawn every " + REFRESH.toMillis() + " ms. Ctrl+C to stop.");
                }
                out.flush();
                if (!once) {
                    Thread.sleep(REFRESH.toMillis()); // the refresh rate of a display, not a synchronisation
                }
            } while (!once);
        }
        return 0;
    }
}
