package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.redis.RedisServerStatus;
import lockstep.workshop.redis.RedisUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import redis.clients.jedis.HostAndPort;

/**
 * {@code lockstep redis status}: which Redis servers answer, and for each its version, process id and number of keys.
 * Exit code 3 unless every one answers.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say which Redis servers answer (five on 127.0.0.1:6379-6383 by default), with each one's version,"
                + " process id and number of keys.")
public final class RedisStatusCommand implements Callable<Integer> {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(1);

    @Mixin
    private RedisNodesOptions nodes;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        List<RedisServerStatus> servers = nodes.addresses().stream()
                .map(address -> RedisServerStatus.of(address, ASK_TIMEOUT)).toList();
        long answering = servers.stream().filter(RedisServerStatus::answering).count();

        out.println("Redis on " + nodes.describe() + ": " + answering + " of " + servers.size() + " answering");
        for (RedisServerStatus server : servers) {
            out.printf("  %-15s  %s%n", server.address(), server.describe());
        }
        List<HostAndPort> silent = servers.stream().filter(server -> !server.answering())
                .map(RedisServerStatus::address).toList();
        if (silent.isEmpty()) {
            return ExitCodes.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        if (answering == 0) {
            err.println(RedisUnavailableException.messageFor(silent, ASK_TIMEOUT, nodes.startCommand()));
        } else {
            err.println(silent.size() + " of " + servers.size() + " did not answer within " + ASK_TIMEOUT.toSeconds()
                    + " s. A server paused with `kill -STOP PID` answers again after `kill -CONT PID`; one that was "
                    + "killed comes back when you stop `" + nodes.startCommand() + "` with Ctrl+C and run it again.");
        }
        return ExitCodes.UNAVAILABLE;
    }
}
