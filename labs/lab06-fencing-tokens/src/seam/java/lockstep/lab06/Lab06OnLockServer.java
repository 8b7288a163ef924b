package lockstep.lab06;

import java.net.URI;
import java.util.Optional;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.lockserver.client.LockClientSteps;
import lockstep.workshop.lockserver.client.LockServerClient;

/**
 * How the grader runs your {@link FencingTokens} and {@link TokenFence} on Lab 02's lock server: every node opens one
 * lock server client, and each buyer takes the lock {@code seat-A1} with a TTL; once granted, the lock asks
 * {@link FencingTokens#ofGrant} for the token of its grant. The rest is as in {@link Lab06}. You do not need to change
 * this file.
 */
public final class Lab06OnLockServer implements LockLab<LockServerClient> {

    @Override
    public LockServerClient connect(NodeContext node) {
        return LockServerClient.connect(URI.create(node.services().requireLockServer()));
    }

    /** The buyer's lock, on a view of the node's client that reports its steps as theirs. */
    @Override
    public DistributedLock newLock(LockServerClient lockServer, LockRequest request) {
        return new LeaseLock(lockServer.withListener(LockClientSteps.of(request.steps())), request.lock(),
                request.owner());
    }

    /** The lock server client reports each lock step at its exact point, such as {@code acquire-granted}. */
    @Override
    public boolean reportsItsOwnLockSteps() {
        return true;
    }

    /** Your fence, in front of the seat database and the payment provider of every node. */
    @Override
    public Optional<Fence> fence() {
        return Optional.of(new TokenFence());
    }
}
