package lockstep.lab04;

import java.time.Duration;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.zookeeper.NodeSession;
import lockstep.workshop.zookeeper.ZNodes;
import org.apache.zookeeper.KeeperException;

/**
 * How the toolkit runs your {@link QueueLock}: every node opens one ZooKeeper session, and each of
 * its buyers takes a {@code QueueLock} of its own on that session, for seat A1 a place in the queue
 * {@code /lockstep/lab04/A1}. Under the lock the toolkit checks the seat, charges the card and
 * confirms, asking {@link QueueLock#isHeld()} before each step it cannot undo. You do not need to
 * change this file.
 *
 * <p>Each session comes with its {@link lockstep.workshop.zookeeper.ConnectionNews}: the session's
 * default watcher counts every time the connection drops or the session ends, and every lock of the
 * node can ask it. The seat database does not protect the seat (a confirmation overwrites whoever
 * held it), so that check-then-act is safe only if the lock lets one buyer in at a time.
 */
public final class Lab04 implements LockLab<NodeSession> {

    /**
     * How long ZooKeeper keeps a silent node's session, and so its place in every queue: as in Lab 03,
     * a node that crashes holds up its seats for about 4 s, and one that stops answering for more than
     * about 2.7 s (two thirds of it) hears {@code Disconnected}.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);

    @Override
    public NodeSession connect(NodeContext node) throws KeeperException, InterruptedException {
        // Every node makes sure the lock root is there; the first to ask creates it.
        return ZNodes.withLockRoot(NodeSession.open(node.services().requireZookeeper(), SESSION_TIMEOUT),
                node.lab().lockRoot());
    }

    /** The request's lock is the seat's folder, such as {@code /lockstep/lab04/A1}. */
    @Override
    public DistributedLock newLock(NodeSession session, LockRequest request) {
        return new QueueLock(session, session.news(), request.lock(), request.owner());
    }
}
