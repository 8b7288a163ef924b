package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.live.QueueReader;
import lockstep.workshop.live.QueueSnapshot;
import lockstep.workshop.lockserver.LockServerClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep visualize}: a live view of a lab's locks in the terminal, redrawn twice a second
 * until Ctrl+C. Each kind of lock service has a view class of its own; this command only picks the
 * lab's view and redraws it.
 */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = {"Watch a lab's locks live, redrawn twice a second until Ctrl+C. Run it in a terminal of its"
                + " own beside the lock service and two './lockstep book' runs.",
                "Lock server labs (02, the default): every lock with its owner, fencing token and time left, and the"
                        + " last events (granted, denied, renewed, released, expired).",
                "ZooKeeper labs (03): the lock znodes under /lockstep/locks, each holder's session and node,"
                        + " session timeouts, how many sessions watch each lock, and recent changes.",
                "Queue labs (04): the queue of each seat under /lockstep/lab04, first in line (the holder) first:"
                        + " sequence number, owner, session, how long in line, and whom each one watches."})
public final class VisualizeCommand implements Callable<Integer> {

    /** Twice a second: fast enough to watch a 2 s lease count down, or two terminals booking by hand. */
    static final Duration REFRESH = Duration.ofMillis(500);

    /** Clears an ANSI terminal and puts the cursor at the top left. */
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Spec
    private CommandSpec spec;

    @Option(names = "--lab", paramLabel = "NN", defaultValue = "02", converter = LabConverter.class,
            description = "Whose locks to show, for example 03 (default ${DEFAULT-VALUE}).")
    private Lab lab;

    @Mixin
    private LockServerOption lockServer;

    @Mixin
    private ZkOption zk;

    @Option(names = "--once", description = "Print the view once and stop, instead of refreshing it (for scripts).")
    private boolean once;

    @Override
    public Integer call() throws InterruptedException {
        UnusedOptions.warn(spec, lab, spec.commandLine().getErr());
        return switch (lab.view()) {
            case LOCK_SERVER -> showLockServer();
            case ZNODES -> showZnodes();
            case QUEUES -> showQueues();
            case NONE -> throw new IllegalArgumentException(lab + " has no lock service to watch."
                    + " Try the lock server of Lab 02 (--lab 02) or the znodes of Lab 03 (--lab 03).");
        };
    }

    private int showLockServer() throws InterruptedException {
        try (LockServerClient client = LockServerClient.connect(lockServer.uri())) {
            LockServerView view = new LockServerView(client);
            PrintWriter out = spec.commandLine().getOut();
            while (true) {
                print(out, List.of(view.frame()));
                if (once) {
                    return view.serverAnswered() ? 0 : ExitCodes.UNAVAILABLE;
                }
                Thread.sleep(REFRESH.toMillis()); // the refresh rate of a view, not a wait for anything
            }
        }
    }

    private int showZnodes() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (ZnodeView view = new ZnodeView(zk.connectString(), lab.lockRoot())) {
            while (true) {
                List<String> frame = view.frame();
                print(out, List.of(lab + ": " + frame.get(0) + System.lineSeparator(),
                        String.join(System.lineSeparator(), frame.subList(1, frame.size())) + System.lineSeparator()));
                if (once) {
                    return view.serverAnswered() ? 0 : ExitCodes.UNAVAILABLE;
                }
                Thread.sleep(REFRESH.toMillis()); // the refresh rate of a view, not a wait for anything
            }
        }
    }

    private int showQueues() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        try (QueueReader reader = new QueueReader(zk.connectString(), lab.lockRoot())) {
            while (true) {
                QueueSnapshot look = reader.read();
                print(out, List.of(QueueView.frame(lab, look)));
                if (once) {
                    return look.serviceAnswered() ? 0 : ExitCodes.UNAVAILABLE;
                }
                Thread.sleep(REFRESH.toMillis()); // the refresh rate of a view, not a wait for anything
            }
        }
    }

    /** Draws one frame: in place on a terminal, one after another (with a separator) when piped. */
    private void print(PrintWriter out, List<String> frame) {
        boolean redrawInPlace = !once && System.console() != null;
        if (redrawInPlace) {
            out.print(CLEAR_SCREEN);
        }
        frame.forEach(out::print);
        if (!once) {
            out.println();
            out.println(redrawInPlace ? "Redrawn every " + REFRESH.toMillis() + " ms. Ctrl+C to stop." : "--");
        }
        out.flush();
    }
}
