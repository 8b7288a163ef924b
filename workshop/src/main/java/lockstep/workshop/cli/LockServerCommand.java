package lockstep.workshop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import lockstep.workshop.lockserver.LockServer;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.lockserver.api.ApiSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./lockstep lock-server}: runs the TTL lock server in the foreground until Ctrl+C.
 *
 * <p>Prints the URL it serves and the API in a dozen lines, then waits. Ctrl+C closes it cleanly: the log is forced
 * and closed, and the locks are there again at the next start.
 */
@Command(name = "lock-server", mixinStandardHelpOptions = true,
        description = {
            "Runs the durable TTL lock server of Lab 02 in the foreground; Ctrl+C stops it.",
            "Every grant, renewal and release is on disk before it is answered, so locks and fencing tokens "
                    + "survive a restart, even kill -9."},
        footerHeading = "%nAPI (JSON over HTTP/1.1):%n",
        footer = {
            "  POST /v1/locks/{resource}/acquire {owner, ttl_ms, wait_ms?}  grant: fencing_token + holder_token",
            "  POST /v1/locks/{resource}/renew   {holder_token, ttl_ms}",
            "  POST /v1/locks/{resource}/release {holder_token}",
            "  POST /v1/locks/{resource}/setnx   {owner}           UNSAFE: no expiry",
            "  POST /v1/locks/{resource}/expire  {owner, ttl_ms}   UNSAFE: TTL by owner name",
            "  GET  /v1/locks   GET /v1/events?after=N   GET /v1/health",
            "  Original workshop API (UNSAFE, off with --strict):",
            "  POST /acquire/{resource}?owner=O&ttl=S   POST /release/{resource}?owner=O   GET /status"})
public final class LockServerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "14000",
            description = "TCP port to listen on; 0 picks a free one and prints it (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Folder of the write-ahead log (default: .lockstep/lockserver under the lockstep home, "
                    + "or under the current folder).")
    Path data;

    @Option(names = "--strict",
            description = "Turn off the original owner-name API: only holder tokens renew and release.")
    boolean strict;

    @Option(names = "--bind", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only).")
    String bind;


    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--port must be between 0 and 65535 (0 picks a free port), was " + port);
        }
        Path folder = data != null ? data : defaultDataFolder();
        LockServerConfig config = LockServerConfig.defaults(folder).withPort(port).withBindAddress(bind)
                .withStrict(strict);
        LockServer server;
        try {
            server = LockServer.start(config);
        } catch (BindException e) {
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.UNAVAILABLE;
        } catch (IOException e) {
            err.println("The lock server could not start: " + e.getMessage());
            err.flush();
            return ExitCodes.UNAVAILABLE;
        }
        Thread stopOnCtrlC = new Thread(server::close, "lockserver-shutdown");
        Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
        out.println("Lock server listening on " + server.uri() + (strict ? " (strict)" : "")
                + ", data in " + folder.toAbsolutePath());
        out.println(ApiSummary.asText());
        out.println("Press Ctrl+C to stop.");
        out.flush();
        server.awaitClosed();
        return 0;
    }

    private static Path defaultDataFolder() {
        String home = System.getProperty("lockstep.home");
        Path base = home != null ? Path.of(home) : Path.of("");
        return base.resolve(".lockstep").resolve("lockserver");
    }
}
