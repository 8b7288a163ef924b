package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.zookeeper.FourLetterWords;
import lockstep.workshop.zookeeper.ServerMode;
import lockstep.workshop.zookeeper.ServerStatus;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep zk status}: which servers answer, what each one is (leader, follower,
 * standalone), and how many znodes the labs have under {@code /lockstep}.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Say which ZooKeeper servers answer, their mode (leader, follower, standalone), "
                + "and how many znodes the labs keep under /lockstep.")
public final class ZkStatusCommand implements Callable<Integer> {

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final String LABS_ROOT = "/lockstep";

    @Mixin
    private ZkOption zk;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        String connectString = zk.connectString();
        List<ServerStatus> servers = FourLetterWords.statusOfEach(connectString, ASK_TIMEOUT);
        long serving = servers.stream().filter(ServerStatus::isServing).count();

        out.println("ZooKeeper at " + connectString + ": " + serving + " of " + servers.size() + " serving");
        for (ServerStatus server : servers) {
            String line = String.format("  %-21s %-26s%s", server.hostAndPort(), server.mode().describe(),
                    server.isServing() ? server.nodeCount() + " znodes" : "");
            out.println(line.stripTrailing());
        }
        if (serving == 0) {
            boolean anyAnswered = servers.stream().anyMatch(server -> server.mode() != ServerMode.NOT_ANSWERING);
            spec.commandLine().getErr().println(anyAnswered
                    ? "The servers answer, but none serves clients: an ensemble serves only while a majority of its members run."
                    : ZooKeeperUnavailableException.messageFor(connectString, ASK_TIMEOUT));
            return ExitCodes.UNAVAILABLE;
        }
        out.println(describeLabsRoot(connectString));
        return 0;
    }

    private static String describeLabsRoot(String connectString) throws InterruptedException {
        ZooKeeper client;
        try {
            client = ZooKeeperConnections.zooKeeper(connectString, Duration.ofSeconds(10), ASK_TIMEOUT, event -> { });
        } catch (ZooKeeperUnavailableException e) {
            return "Could not open a session to count the znodes under " + LABS_ROOT + ".";
        }
        try {
            int count = client.getAllChildrenNumber(LABS_ROOT);
            return LABS_ROOT + " holds " + count + (count == 1 ? " znode" : " znodes") + " below it.";
        } catch (KeeperException.NoNodeException e) {
            return LABS_ROOT + " does not exist yet: no lab has used this ZooKeeper.";
        } catch (KeeperException e) {
            return "Could not count the znodes under " + LABS_ROOT + ": " + e.getMessage();
        } finally {
            client.close();
        }
    }
}
