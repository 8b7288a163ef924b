package lockstep.lab03;

import java.time.Duration;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.zookeeper.ZNodes;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * How the toolkit runs your {@link EphemeralLock}: every node opens one ZooKeeper session, and
 * each of its buyers takes an {@code EphemeralLock} of its own on that session, for seat A1 the
 * znode {@code /lockstep/locks/A1}. Under the lock the toolkit checks the seat, charges the card
 * and confirms, asking {@link EphemeralLock#isHeld()} before each step it cannot undo. You do not
 * need to change this file.
 *
 * <p>The seat database does not protect the seat (a confirmation overwrites whoever held it), so
 * that check-then-act is safe only if the lock lets one buyer in at a time.
 */
public final class Lab03 implements LockLab<ZooKeeper> {

    /**
     * How long ZooKeeper keeps a silent node's session, and so its locks. 4 s is a trade: a node
     * that crashes blocks its seats for about 4 s; a node that stops answering for more than about
     * 2.7 s (two thirds of it: a long GC pause, an overloaded laptop) is told it may have lost its
     * locks. It is also the shortest session a stock ZooKeeper allows (two ticks of 2 s).
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);

    @Override
    public ZooKeeper connect(NodeContext node) throws KeeperException, InterruptedException {
        // Every node makes sure the lock root is there; the first to ask creates it.
        return ZNodes.withLockRoot(ZooKeeperConnections.zooKeeper(node.services().requireZookeeper(),
                SESSION_TIMEOUT, event -> { }), node.lab().lockRoot());
    }

    @Override
    public DistributedLock newLock(ZooKeeper session, LockRequest request) {
        return new Waiting(new EphemeralLock(session, request.lock(), request.owner()));
    }

    /**
     * Your lock as the toolkit's: it waits until it holds the znode or its session ends, whatever
     * the wait the toolkit offers (a lock that gives up in time is Lab 04's task).
     */
    private record Waiting(EphemeralLock lock) implements DistributedLock {

        @Override
        public boolean acquire(Duration maxWait) throws KeeperException, InterruptedException {
            lock.acquire();
            return true;
        }

        @Override
        public boolean isHeld() {
            return lock.isHeld();
        }

        @Override
        public void release() throws InterruptedException {
            lock.release();
        }
    }
}
