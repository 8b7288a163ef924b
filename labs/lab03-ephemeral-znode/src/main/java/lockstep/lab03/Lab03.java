package lockstep.lab03;

import java.time.Duration;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * How the toolkit runs your {@link EphemeralLock}: every node opens one ZooKeeper session, and its
 * {@link TicketDesk} takes a lock per buyer on that session. You do not need to change this file.
 */
public final class Lab03 implements LabBooking {

    /**
     * How long ZooKeeper keeps a silent node's session, and so its locks. 4 s is a trade: a node
     * that crashes blocks its seats for about 4 s; a node that stops answering for more than about
     * 2.7 s (two thirds of it: a long GC pause, an overloaded laptop) is told it may have lost its
     * locks. It is also the shortest session a stock ZooKeeper allows (two ticks of 2 s).
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);

    /** The parent of every lock znode: the lock of seat A1 is {@code /lockstep/locks/A1}. */
    public static final String LOCKS = "/lockstep/locks";

    @Override
    public BookingNode openNode(NodeContext node) throws KeeperException, InterruptedException {
        ZooKeeper session = ZooKeeperConnections.zooKeeper(node.services().requireZookeeper(), SESSION_TIMEOUT,
                event -> { });
        try {
            createLocksParent(session);
        } catch (KeeperException | InterruptedException | RuntimeException e) {
            ZooKeeperConnections.closeQuietly(session);
            throw e;
        }
        return new TicketDesk(session, node.name());
    }

    /** Creates {@code /lockstep} and {@code /lockstep/locks} unless another node already did. */
    static void createLocksParent(ZooKeeper session) throws KeeperException, InterruptedException {
        for (String path : new String[] {"/lockstep", LOCKS}) {
            try {
                session.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
            } catch (KeeperException.NodeExistsException e) {
                // Safe to ignore: another node created it first, and one is all we need.
            }
        }
    }
}
