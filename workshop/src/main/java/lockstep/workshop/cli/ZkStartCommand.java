package lockstep.workshop.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import org.apache.zookeeper.Version;
import lockstep.workshop.lab.WorkshopHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep zk start}: a real ZooKeeper in the foreground, on the ports the labs expect,
 * until Ctrl+C. Its data stays in the workshop's folder between runs, as a real server's would.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = "Run ZooKeeper in the foreground until Ctrl+C: a standalone server on 127.0.0.1:2181, "
                + "or with --ensemble 3 an ensemble on 127.0.0.1:2181-2183.")
public final class ZkStartCommand implements Callable<Integer> {

    private static final int MAX_ENSEMBLE = 7;

    @Option(names = "--ensemble", paramLabel = "N",
            description = "Run an ensemble of N members (3 is usual: it survives one down) instead of one standalone server.")
    private int ensembleSize = 1;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Keep ZooKeeper's data here (default: .lockstep/zookeeper in the workshop folder).")
    private Path dataDirectory;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "2181",
            description = "Client port of the (first) server; an ensemble uses PORT, PORT+1, ... (default: ${DEFAULT-VALUE}).")
    private int firstPort;

    @Spec
    private CommandSpec spec;

    private final UntilCtrlC untilCtrlC = new UntilCtrlC("zk start");

    @Override
    public Integer call() throws InterruptedException {
        if (ensembleSize < 1 || ensembleSize > MAX_ENSEMBLE) {
            throw new ParameterException(spec.commandLine(),
                    "--ensemble must be between 1 and " + MAX_ENSEMBLE + ", was " + ensembleSize);
        }
        if (firstPort < 1 || firstPort + ensembleSize - 1 > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 1 to " + (65536 - ensembleSize)
                    + (ensembleSize == 1 ? "" : " (the ensemble uses " + ensembleSize + " ports from it)")
                    + ", for example 2181, but was " + firstPort);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path data = dataDirectory != null ? dataDirectory
                : WorkshopHome.current().dataFolder().resolve("zookeeper")
                        .resolve(ensembleSize == 1 ? "standalone" : "ensemble-" + ensembleSize);
        EmbeddedZooKeeper zooKeeper;
        try {
            EmbeddedZooKeeper.Builder builder = ensembleSize == 1 ? EmbeddedZooKeeper.standalone()
                    : EmbeddedZooKeeper.ensemble(ensembleSize);
            zooKeeper = builder.clientPort(firstPort).dataDirectory(data.toAbsolutePath()).start();
        } catch (BindException e) {
            err.println("ZooKeeper cannot start: " + e.getMessage() + ". Perhaps another `./lockstep zk start` "
                    + "is already running (see `./lockstep zk status`); stop it with Ctrl+C in its terminal, "
                    + "or choose other ports with --port.");
            return ExitCodes.UNAVAILABLE;
        } catch (IOException e) {
            err.println("ZooKeeper could not start: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }

        printRunning(out, zooKeeper, data);
        if (zooKeeper.isEnsemble()) {
            listenToTheTerminal(new EnsembleConsole(zooKeeper, out), out);
        }
        untilCtrlC.await(() -> {
            zooKeeper.close();
            out.println("ZooKeeper stopped. Its data stays in " + data.toAbsolutePath()
                    + " (delete it to start afresh).");
            out.flush();
        });
        return 0;
    }

    /** Asks the running command to stop, as Ctrl+C does; {@link #call()} then returns 0. */
    void requestStop() {
        untilCtrlC.requestStop();
    }

    /** Reads the ensemble's commands (stop 2, start 2, status) from the terminal while the servers run. */
    private static void listenToTheTerminal(EnsembleConsole console, PrintWriter out) {
        out.println(console.usage());
        out.flush();
        Thread reader = new Thread(() -> {
            try {
                console.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)));
            } catch (IOException e) {
                // No terminal to read (started in the background): the ensemble runs on, Ctrl+C still stops it.
            }
        }, "zk start: terminal");
        reader.setDaemon(true);
        reader.start();
    }

    private static void printRunning(PrintWriter out, EmbeddedZooKeeper zooKeeper, Path data) {
        String connectString = zooKeeper.connectString();
        if (zooKeeper.isEnsemble()) {
            int leader = zooKeeper.leader();
            out.println("ZooKeeper " + Version.getVersion() + " is running: an ensemble of " + zooKeeper.size()
                    + " at " + connectString + " (leader: 127.0.0.1:" + zooKeeper.clientAddress(leader).getPort() + ").");
            out.println("Labs connect with: --zk " + connectString);
        } else {
            out.println("ZooKeeper " + Version.getVersion() + " is running: a standalone server at " + connectString + ".");
            out.println("Labs connect with: --zk " + connectString
                    + (ZkOption.DEFAULT_CONNECT_STRING.equals(connectString) ? " (the default)" : ""));
        }
        out.println("Data: " + data.toAbsolutePath());
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }
}
