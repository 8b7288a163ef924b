package lockstep.workshop.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ServerStatus;
import lockstep.workshop.zookeeper.ZNodes;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * What {@code lockstep zk start --ensemble N} reads from its terminal: {@code stop 2} stops member 2 as if its process
 * had crashed, {@code start 2} starts it again with its data, {@code status} shows each member's role and the lock
 * nodes whose sessions are connected to it. So a learner without Docker can stop the very server a lock holder is
 * connected to, in the middle of a sale, and watch the holder's client move to another member.
 *
 * <p>Members are numbered from 1, in the order of their client ports (2181 is member 1).
 */
final class EnsembleConsole {

    /** Where the lock nodes of every lab live. */
    private static final String LOCK_NODES = "/lockstep";

    private final EmbeddedZooKeeper ensemble;
    private final PrintWriter out;

    EnsembleConsole(EmbeddedZooKeeper ensemble, PrintWriter out) {
        this.ensemble = ensemble;
        this.out = out;
    }

    /** The line {@code zk start} prints under "Press Ctrl+C to stop". */
    String usage() {
        return "Type 'stop N' or 'start N' (N from 1 to " + ensemble.size() + ") and Enter to stop or start a member,"
                + " 'status' to see each member's role and the lock nodes of the sessions connected to it.";
    }

    /** Runs the commands on {@code terminal}, one a line, until it ends. */
    void run(BufferedReader terminal) throws IOException {
        for (String line = terminal.readLine(); line != null; line = terminal.readLine()) {
            if (!line.isBlank()) {
                say(execute(line.trim()));
            }
        }
    }

    /** Carries out one command and returns what to print. */
    String execute(String command) {
        String[] words = command.toLowerCase(Locale.ROOT).split("\\s+");
        if (words.length == 1 && words[0].equals("status")) {
            return status();
        }
        if (words.length == 2 && (words[0].equals("stop") || words[0].equals("start"))) {
            OptionalInt member = memberNumber(words[1]);
            if (member.isEmpty()) {
                return "'" + words[1] + "' is not a member: give a number from 1 to " + ensemble.size()
                        + ", for example '" + words[0] + " 2'.";
            }
            return words[0].equals("stop") ? stop(member.getAsInt()) : start(member.getAsInt());
        }
        return "'" + command + "' is not a command here. " + usage();
    }

    private String stop(int member) {
        if (!ensemble.isRunning(member - 1)) {
            return "Member " + member + " is already stopped; 'start " + member + "' starts it again.";
        }
        ensemble.stop(member - 1);
        return "Member " + member + " (" + address(member) + ") stopped, as if its process had crashed. Its clients"
                + " lose their connection and look for another member; "
                + (runningCount() > ensemble.size() / 2 ? "a majority still runs, so they find one."
                        : "no majority runs now, so no member serves anyone until one starts again.");
    }

    private String start(int member) {
        if (ensemble.isRunning(member - 1)) {
            return "Member " + member + " is running already.";
        }
        try {
            ensemble.restart(member - 1);
        } catch (IOException e) {
            return "Member " + member + " did not come back: " + e.getMessage();
        }
        return "Member " + member + " (" + address(member) + ") started again with its data"
                + (runningCount() > ensemble.size() / 2 ? "; the ensemble serves clients." : "; no majority runs yet.");
    }

    private String status() {
        List<ServerStatus> statuses = ensemble.status();
        List<ZNodes.Lock> locks = lockNodes();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < statuses.size(); i++) {
            int index = i;
            List<String> here = locks.stream()
                    .filter(lock -> ensemble.memberConnectedTo(lock.sessionId()).equals(OptionalInt.of(index)))
                    .map(lock -> lock.path() + (lock.owner().isEmpty() ? "" : " (" + lock.owner() + ")"))
                    .toList();
            lines.add(String.format(Locale.ROOT, "member %d  %-16s %-14s %s", i + 1, address(i + 1),
                    statuses.get(i).mode().toString().toLowerCase(Locale.ROOT).replace('_', ' '),
                    here.isEmpty() ? "" : "lock nodes of sessions connected here: " + String.join(", ", here)));
        }
        return String.join(System.lineSeparator(), lines);
    }

    /** Every lock node under {@code /lockstep}, read through a session of our own; none if nobody serves. */
    private List<ZNodes.Lock> lockNodes() {
        ZooKeeper session = null;
        try {
            session = ZooKeeperConnections.zooKeeper(ensemble.connectString(), java.time.Duration.ofSeconds(10),
                    event -> { });
            return ZNodes.locksUnder(session, LOCK_NODES).stream().filter(lock -> lock.sessionId() != 0).toList();
        } catch (KeeperException | RuntimeException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } finally {
            ZooKeeperConnections.closeQuietly(session);
        }
    }

    private OptionalInt memberNumber(String word) {
        try {
            int member = Integer.parseInt(word);
            return member >= 1 && member <= ensemble.size() ? OptionalInt.of(member) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private String address(int member) {
        return "127.0.0.1:" + ensemble.clientAddress(member - 1).getPort();
    }

    private int runningCount() {
        int running = 0;
        for (int i = 0; i < ensemble.size(); i++) {
            running += ensemble.isRunning(i) ? 1 : 0;
        }
        return running;
    }

    private void say(String text) {
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }
}
