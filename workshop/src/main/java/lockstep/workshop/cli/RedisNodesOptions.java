package lockstep.workshop.cli;

import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.redis.RedisServers;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import redis.clients.jedis.HostAndPort;

/**
 * Which Redis servers a command means: {@code --nodes N} of them on consecutive ports from {@code --port PORT}, on
 * 127.0.0.1. {@code redis start} runs them and {@code redis status} asks them, so both agree by default; mix it in
 * with {@code @Mixin RedisNodesOptions nodes;}.
 */
public final class RedisNodesOptions {

    /** Redlock's usual number of servers: with 2 down, the 3 left are still a majority. */
    public static final int DEFAULT_NODES = 5;
    /** Redis's own port. */
    public static final int DEFAULT_FIRST_PORT = 6379;

    @Spec(Spec.Target.MIXEE)
    private CommandSpec command;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "" + DEFAULT_NODES,
            description = "How many servers, 1 to " + RedisServers.MAX_SERVERS + " (default: ${DEFAULT-VALUE}, as "
                    + "Redlock uses them: with 2 down, the 3 left are still a majority).")
    private int nodes = DEFAULT_NODES;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "" + DEFAULT_FIRST_PORT,
            description = "The first server's port; the next ones follow (PORT+1, ...). Default: ${DEFAULT-VALUE}, "
                    + "Redis's own.")
    private int firstPort = DEFAULT_FIRST_PORT;

    /** How many servers; a count out of range is refused as bad input, naming the flag. */
    public int nodes() {
        if (nodes < 1 || nodes > RedisServers.MAX_SERVERS) {
            throw new ParameterException(command.commandLine(), "--nodes must be 1 to " + RedisServers.MAX_SERVERS
                    + " (Redlock uses 5), but was " + nodes);
        }
        return nodes;
    }

    /** The first server's port; one that leaves no room for every server below 65536 is refused, naming the flag. */
    public int firstPort() {
        int count = nodes();
        if (firstPort < 1 || firstPort + count - 1 > 65_535) {
            throw new ParameterException(command.commandLine(), "--port must be 1 to " + (65_536 - count)
                    + (count == 1 ? "" : " (the " + count + " servers use " + count + " ports from it)")
                    + ", for example " + DEFAULT_FIRST_PORT + ", but was " + firstPort);
        }
        return firstPort;
    }

    /** Every server's address, in order; bad input is refused as in {@link #firstPort()}. */
    public List<HostAndPort> addresses() {
        int first = firstPort();
        List<HostAndPort> addresses = new ArrayList<>();
        for (int port = first; port < first + nodes; port++) {
            addresses.add(new HostAndPort("127.0.0.1", port));
        }
        return addresses;
    }

    /** The {@code redis start} command that runs these servers, such as {@code ./lockstep redis start --nodes 3}. */
    public String startCommand() {
        int first = firstPort();
        return "./lockstep redis start" + (nodes == DEFAULT_NODES ? "" : " --nodes " + nodes)
                + (first == DEFAULT_FIRST_PORT ? "" : " --port " + first);
    }

    /** The ports as a learner reads them: {@code 127.0.0.1:6379} or {@code 127.0.0.1:6379-6383}. */
    public String describe() {
        int first = firstPort();
        return "127.0.0.1:" + first + (nodes == 1 ? "" : "-" + (first + nodes - 1));
    }
}
