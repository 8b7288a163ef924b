package lockstep.lab06;

import java.time.Duration;
import java.util.Optional;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;

/**
 * How the toolkit runs your {@link FencingTokens} and {@link TokenFence} on ZooKeeper: every node opens one Curator
 * client, and each of its buyers takes Curator's {@code InterProcessMutex} on the seat's lock folder, for seat A1 the
 * folder {@code /lockstep/lab06/A1}. Once a buyer holds the mutex, the lock asks {@link FencingTokens#ofLockNode} for
 * the token of its own lock node. Under the lock the toolkit checks the seat, charges the card and confirms, asking
 * {@code isHeld()} before each write, and shows the token with each write; the payment provider and the seat database
 * ask your {@link TokenFence} whether to take it. You do not need to change this file.
 *
 * <p>Races and {@code lockstep book} run this seam. The grader also runs your code on Lab 02's lock server
 * ({@link Lab06OnLockServer}).
 */
public final class Lab06 implements LockLab<CuratorFramework> {

    /**
     * How long ZooKeeper keeps a silent node's session, and so its lock: as in Lab 03, 4 s. A node frozen for longer
     * (the {@code pause-holder} fault freezes one for 10 s) loses its lock while it cannot notice.
     */
    public static final Duration SESSION_TIMEOUT = Duration.ofSeconds(4);

    @Override
    public CuratorFramework connect(NodeContext node) {
        return ZooKeeperConnections.curator(node.services().requireZookeeper(), SESSION_TIMEOUT);
    }

    @Override
    public DistributedLock newLock(CuratorFramework zooKeeper, LockRequest request) {
        return new MutexLock(zooKeeper, request.lock());
    }

    /** Your fence, in front of the seat database and the payment provider of every node. */
    @Override
    public Optional<Fence> fence() {
        return Optional.of(new TokenFence());
    }
}
