package lockstep.workshop.faults;

import java.io.IOException;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;

/**
 * Stops one server of an {@link EmbeddedZooKeeper}, or its leader, and starts it again. Its
 * clients lose their connection at once and reconnect to another member, keeping their sessions
 * (and locks) if they get there within their session timeout; a stopped leader makes the others
 * elect a new one first. With a majority of members stopped, no member serves, and sessions expire.
 */
public final class ServerOutage {

    private ServerOutage() {
    }

    /** Stops member {@code member} (numbered from 0); returns once its sockets are closed. */
    public static FaultEvent stop(EmbeddedZooKeeper zooKeeper, int member) {
        long start = System.nanoTime();
        String target = describe(zooKeeper, member);
        zooKeeper.stop(member);
        return FaultEvent.since("stop server", target, start);
    }

    /** Finds the leader (waiting for an election under way to end) and stops it. */
    public static FaultEvent stopLeader(EmbeddedZooKeeper zooKeeper) {
        long start = System.nanoTime();
        int leader = zooKeeper.leader();
        String target = describe(zooKeeper, leader) + ", the leader";
        zooKeeper.stop(leader);
        return FaultEvent.since("stop leader", target, start);
    }

    /**
     * Starts member {@code member} again with its data; returns once the running members serve,
     * if they are a majority (see {@link EmbeddedZooKeeper#restart}).
     */
    public static FaultEvent restart(EmbeddedZooKeeper zooKeeper, int member) throws IOException {
        long start = System.nanoTime();
        zooKeeper.restart(member);
        return FaultEvent.since("restart server", describe(zooKeeper, member), start);
    }

    /** Starts every stopped member again; returns once all serve. */
    public static FaultEvent restartStopped(EmbeddedZooKeeper zooKeeper) throws IOException {
        long start = System.nanoTime();
        StringBuilder restarted = new StringBuilder();
        for (int member = 0; member < zooKeeper.size(); member++) {
            if (!zooKeeper.isRunning(member)) {
                zooKeeper.restart(member);
                restarted.append(restarted.length() == 0 ? "" : ", ").append(describe(zooKeeper, member));
            }
        }
        return FaultEvent.since("restart servers", restarted.length() == 0 ? "none stopped" : restarted.toString(), start);
    }

    private static String describe(EmbeddedZooKeeper zooKeeper, int member) {
        return "member " + member + " (127.0.0.1:" + zooKeeper.clientAddress(member).getPort() + ")";
    }
}
