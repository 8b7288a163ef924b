package lockstep.workshop.lock;

import java.util.Objects;

/**
 * Who wants which seat's lock: what a lab needs to make one {@link DistributedLock}.
 *
 * @param node   the node the buyer is on, for example {@code node-03} or {@code Node_Alpha}
 * @param buyer  the buyer, for example {@code buyer-0042} or {@code Alice}
 * @param seat   the seat whose lock it is, for example {@code A1}
 * @param lock   the lock's name in the lab's lock service, from the lab's spec: {@code /lockstep/locks/A1}
 *               in ZooKeeper, {@code seat-A1} at the lock server
 * @param steps  where this attempt's lock steps go; a lock whose client reports its own steps
 *               (Lab 02's lock server client) reports them here
 */
public record LockRequest(String node, String buyer, String seat, String lock, LockSteps steps) {

    public LockRequest {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(seat, "seat");
        Objects.requireNonNull(lock, "lock");
        Objects.requireNonNull(steps, "steps");
    }

    /** A name unique to this buyer, for a lock service to show: {@code node-03/buyer-0042}. */
    public String owner() {
        return node + "/" + buyer;
    }
}
