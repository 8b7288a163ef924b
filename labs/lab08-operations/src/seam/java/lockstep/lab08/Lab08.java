package lockstep.lab08;

import java.sql.Connection;
import java.util.Optional;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import org.apache.curator.framework.CuratorFramework;

/**
 * How the toolkit runs your {@link SeatLock} and your {@link BreakGlass}. Every node opens one Curator client with
 * {@link SeatLock#connect}, on the three servers of the ensemble; each of its buyers takes a {@link SeatLock} on the
 * seat's lock folder, for seat A1 the folder {@code /lockstep/lab08/A1}. Under the lock the toolkit checks the seat,
 * charges the card and confirms, asking {@code isHeld()} before each write and showing the lock's fencing token with
 * each; the payment provider and the seat database check it with Lab 06's fence ({@link SeatFence}). An operator
 * reopens a seat whose lock is stuck with {@link #breakGlass}. You do not need to change this file.
 */
public final class Lab08 implements LockLab<CuratorFramework> {

    @Override
    public CuratorFramework connect(NodeContext node) {
        return SeatLock.connect(node.services().requireZookeeper());
    }

    @Override
    public DistributedLock newLock(CuratorFramework zooKeeper, LockRequest request) {
        return new SeatLock(zooKeeper, request.lock());
    }

    /** Lab 06's fence, in front of the seat database and the payment provider of every node. */
    @Override
    public Optional<Fence> fence() {
        return Optional.of(new SeatFence());
    }

    /**
     * The operator's break-glass on {@code seat}: reopens its sale now, whoever holds its lock and whether or not
     * ZooKeeper answers.
     *
     * @param seatDatabase a connection of the operator's own to the seat database, in auto-commit mode
     * @param zooKeeper    the operator's Curator client; it may be cut off from every server
     * @param lockFolder   the seat's lock folder, for example {@code /lockstep/lab08/A1}
     * @param seat         the seat, for example {@code A1}
     * @param operator     who breaks the glass, for example {@code alice}
     * @param reason       why, in the operator's words
     */
    public Reopening breakGlass(Connection seatDatabase, CuratorFramework zooKeeper, String lockFolder, String seat,
            String operator, String reason) throws Exception {
        return BreakGlass.reopen(seatDatabase, zooKeeper, lockFolder, seat, operator, reason);
    }
}
