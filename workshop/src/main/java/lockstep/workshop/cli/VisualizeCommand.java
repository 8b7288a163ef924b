package lockstep.workshop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.live.LiveSnapshot;
import lockstep.workshop.live.LiveViewServer;
import lockstep.workshop.live.LockServerReader;
import lockstep.workshop.live.QueueReader;
import lockstep.workshop.live.SnapshotReader;
import lockstep.workshop.live.ZnodeReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep visualize}: a live view of a lab's locks until Ctrl+C, redrawn in the terminal twice a second, or
 * with {@code --web} served as a page for the projector. Each kind of lock service has a reader that looks at it
 * ({@code lockstep.workshop.live}) and a view here that draws a look as text; this command only picks the lab's
 * reader and where to draw.
 */
@Command(name = "visualize", mixinStandardHelpOptions = true,
        description = {"Watch a lab's locks live until Ctrl+C: redrawn twice a second in this terminal, or with --web"
                + " on a page for the projector. Run it beside the lock service and two './lockstep book' runs.",
                "Lock server labs (02, the default): every lock with its owner, fencing token and time left, and the"
                        + " last events (granted, denied, renewed, released, expired).",
                "ZooKeeper labs (03, 05, 06, 08): the lock znodes (or each seat's queue) under the lab's lock root:"
                        + " each holder's node and session, session timeouts, how long each lock has been held, its"
                        + " fencing token (czxid), how many wait in line and how many sessions watch it, and recent"
                        + " changes."
                        + " A lock held longer than --held-too-long is flagged with '!'.",
                "Queue labs (04): the queue of each seat under /lockstep/lab04, first in line (the holder) first:"
                        + " sequence number, owner, session, how long in line, and whom each one watches.",
                "--web serves the same view at http://127.0.0.1:" + LiveViewServer.DEFAULT_PORT + "/ (this machine"
                        + " only) and prints the address: open it in a browser. The page follows every look as it is"
                        + " taken, and says so while the lock service does not answer. Ctrl+C stops it (exit 130)."})
public final class VisualizeCommand implements Callable<Integer> {

    /**
     * Twice a second, as the page looks too: fast enough to watch a 2 s lease count down, or two terminals booking by
     * hand.
     */
    private static final Duration REFRESH = LiveViewServer.REFRESH;

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

    @Option(names = "--held-too-long", paramLabel = "SECONDS", defaultValue = "30",
            description = "ZooKeeper labs: flag a lock held longer than this many seconds (default ${DEFAULT-VALUE}):"
                    + " a hung holder, perhaps. 0 flags every lock held at all.")
    private long heldTooLongSeconds;

    @Option(names = "--once", description = "Print the view once and stop, instead of refreshing it (for scripts).")
    private boolean once;

    @Option(names = "--web", description = "Show the view on a web page for the projector instead of in this terminal.")
    private boolean web;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + LiveViewServer.DEFAULT_PORT,
            description = "With --web: the port to serve the page on (default ${DEFAULT-VALUE}); 0 picks a free one.")
    private int port;

    private final UntilCtrlC untilCtrlC = new UntilCtrlC("visualize --web");

    @Override
    public Integer call() throws InterruptedException {
        UnusedOptions.warn(spec, lab, spec.commandLine().getErr());
        requireWebOptionsThatFit();
        return switch (lab.view()) {
            case LOCK_SERVER -> watch(new LockServerReader(lockServer.uri()), LockServerView::frame);
            case ZNODES -> watch(new ZnodeReader(zk.connectString(), lab.lockRoot(),
                            Duration.ofSeconds(heldTooLongSeconds), System::currentTimeMillis),
                    look -> ZnodeView.frame(lab, look));
            case QUEUES -> watch(new QueueReader(zk.connectString(), lab.lockRoot()), look -> QueueView.frame(lab, look));
            case NONE -> throw new IllegalArgumentException(lab + " has no lock service to watch."
                    + " Try the lock server of Lab 02 (--lab 02) or the znodes of Lab 03 (--lab 03).");
        };
    }

    /** Stops a running {@code --web} view, as Ctrl+C does; {@link #call()} then returns 0. */
    void requestStop() {
        untilCtrlC.requestStop();
    }

    private void requireWebOptionsThatFit() {
        ParseResult given = spec.commandLine().getParseResult();
        if (given.hasMatchedOption("--port") && !web) {
            throw new ParameterException(spec.commandLine(), "--port is the port of the web page; add --web to serve"
                    + " it, or leave --port out for the terminal view");
        }
        if (web && once) {
            throw new ParameterException(spec.commandLine(), "--once prints the terminal view once, and --web serves"
                    + " a page until Ctrl+C; choose one");
        }
        if (heldTooLongSeconds < 0) {
            throw new ParameterException(spec.commandLine(), "--held-too-long is how many seconds a lock may be held"
                    + " before the view flags it, 0 or more, for example 10, but was " + heldTooLongSeconds);
        }
        if (given.hasMatchedOption("--held-too-long") && lab.view() != Lab.View.ZNODES) {
            spec.commandLine().getErr().println("lockstep visualize: --held-too-long flags lock znodes (Labs 03, 05, 06"
                    + " and 08); " + lab + " does not show them, so it is ignored.");
            spec.commandLine().getErr().flush();
        }
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be between 0 and 65535 (0 picks a free"
                    + " port), for example " + LiveViewServer.DEFAULT_PORT + ", but was " + port);
        }
    }

    private <S extends LiveSnapshot> int watch(SnapshotReader<S> reader, Function<S, String> frame)
            throws InterruptedException {
        try (reader) {
            return web ? serve(reader) : draw(reader, frame);
        }
    }

    /** The terminal view: one frame per look, until Ctrl+C, or once. */
    private <S extends LiveSnapshot> int draw(SnapshotReader<S> reader, Function<S, String> frame)
            throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        while (true) {
            S look = reader.read();
            print(out, frame.apply(look));
            if (once) {
                return look.serviceAnswered() ? ExitCodes.OK : ExitCodes.UNAVAILABLE;
            }
            Thread.sleep(REFRESH.toMillis()); // the refresh rate of a view, not a wait for anything
        }
    }

    /** The web view: serves the page until Ctrl+C (or {@link #requestStop()}). */
    private int serve(SnapshotReader<?> reader) throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LiveViewServer server;
        try {
            server = LiveViewServer.start(lab.toString(), reader, port);
        } catch (BindException e) {
            err.println("lockstep visualize: port " + port + " on 127.0.0.1 is already in use, perhaps by another"
                    + " './lockstep visualize --web'; stop that one with Ctrl+C, or choose another port with --port"
                    + " (0 picks a free one).");
            err.flush();
            return ExitCodes.UNAVAILABLE;
        } catch (IOException e) {
            err.println("lockstep visualize: the web view could not start: " + e.getMessage());
            err.flush();
            return ExitCodes.UNAVAILABLE;
        }
        out.println("Live view of " + lab + " at " + server.uri() + " (open it in a browser on this machine).");
        out.println("It looks at the lock service every " + REFRESH.toMillis() + " ms. Press Ctrl+C to stop.");
        out.flush();
        untilCtrlC.await(server::close);
        return ExitCodes.OK;
    }

    /** Draws one frame: in place on a terminal, one after another (with a separator) when piped. */
    private void print(PrintWriter out, String frame) {
        boolean redrawInPlace = !once && System.console() != null;
        if (redrawInPlace) {
            out.print(CLEAR_SCREEN);
        }
        out.print(frame);
        if (!once) {
            out.println();
            out.println(redrawInPlace ? "Redrawn every " + REFRESH.toMillis() + " ms. Ctrl+C to stop." : "--");
        }
        out.flush();
    }
}
