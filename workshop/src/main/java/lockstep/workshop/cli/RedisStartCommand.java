package lockstep.workshop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.util.concurrent.Callable;
import lockstep.workshop.redis.RedisServers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep redis start}: real Redis servers in the foreground, each a process of its own, on the ports the labs
 * expect, until Ctrl+C. They keep nothing on disk, and their folders go when they stop.
 */
@Command(name = "start", mixinStandardHelpOptions = true,
        description = {"Run real Redis servers in the foreground until Ctrl+C: five on 127.0.0.1:6379-6383 by default,"
                + " each a process of its own, independent of the others (as Redlock wants them).",
                "The redis-server comes from the embedded-redis jar that the build downloaded, so there is nothing to"
                + " install; where that one cannot run here, from the PATH. The output says which ran."})
public final class RedisStartCommand implements Callable<Integer> {

    @Mixin
    private RedisNodesOptions nodes;

    @Spec
    private CommandSpec spec;

    private final UntilCtrlC untilCtrlC = new UntilCtrlC("redis start");

    @Override
    public Integer call() throws InterruptedException {
        int count = nodes.nodes();
        int firstPort = nodes.firstPort(); // bad input is refused here, before anything starts
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RedisServers servers;
        try {
            servers = RedisServers.of(count).firstPort(firstPort).start();
        } catch (BindException e) {
            err.println("Redis cannot start: " + e.getMessage() + ". Perhaps another `./lockstep redis start`, or a "
                    + "Redis of your own, is running there (see `./lockstep redis status`); stop it, or choose other "
                    + "ports with --port.");
            return ExitCodes.UNAVAILABLE;
        } catch (IOException e) {
            err.println("Redis could not start: " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }

        printRunning(out, servers);
        untilCtrlC.await(() -> {
            servers.close();
            out.println(servers.size() == 1 ? "Redis stopped, and its folder deleted."
                    : "Redis stopped: " + servers.size() + " servers, and their folders deleted.");
            out.flush();
        });
        return ExitCodes.OK;
    }

    /** Asks the running command to stop, as Ctrl+C does; {@link #call()} then returns 0. */
    void requestStop() {
        untilCtrlC.requestStop();
    }

    private void printRunning(PrintWriter out, RedisServers servers) {
        out.println("Redis " + servers.binary().version() + " is running: " + servers.size()
                + (servers.size() == 1 ? " server on " : " servers on ") + nodes.describe()
                + (servers.size() == 1 ? "." : ", each a process of its own."));
        for (int server = 0; server < servers.size(); server++) {
            out.printf("  server %d  %-15s  pid %d%n", server, servers.address(server), servers.process(server).pid());
        }
        out.println("redis-server: from " + servers.binary().origin() + ", at " + servers.binary().executable());
        out.println("Persistence: " + servers.persistence(0).describe() + ".");
        out.println("Folders (redis.conf, redis.log): " + servers.folder(0).getParent() + ", deleted on stop.");
        out.println("Press Ctrl+C to stop.");
        out.flush();
    }
}
