package lockstep.workshop.faults;

import java.time.Duration;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * A node as small as a node gets, run as a separate JVM by the fault tests: it connects, creates
 * an ephemeral znode (its "lock"), says so, and then only reports what happens to its session,
 * until its standard input closes (its parent has gone) or it is killed.
 *
 * <p>Usage: {@code EphemeralNodeHolder CONNECT SESSION_MILLIS PATH}. Prints
 * {@code HOLDING PATH session 0x...}, then {@code STATE <KeeperState>} for every change.
 */
public final class EphemeralNodeHolder {

    private EphemeralNodeHolder() {
    }

    public static void main(String[] args) throws Exception {
        String connectString = args[0];
        Duration sessionTimeout = Duration.ofMillis(Long.parseLong(args[1]));
        String path = args[2];
        ZooKeeper zooKeeper = ZooKeeperConnections.zooKeeper(connectString, sessionTimeout, event -> {
            if (event.getPath() == null) {
                say("STATE " + event.getState());
            }
        });
        zooKeeper.create(path, Long.toString(ProcessHandle.current().pid()).getBytes(),
                ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
        say("HOLDING " + path + " session 0x" + Long.toHexString(zooKeeper.getSessionId()));
        // Wait for the parent to go away (it closes our standard input), then close the session.
        while (System.in.read() >= 0) {
            // Nothing is ever sent; reading only tells us when the parent has gone.
        }
        zooKeeper.close();
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
