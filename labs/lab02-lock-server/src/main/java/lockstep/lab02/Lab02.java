package lockstep.lab02;

import java.net.URI;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lockserver.client.LockServerClient;

/**
 * How the toolkit runs your code: every node of a race gets a {@link TicketDesk} of its own, with one connection pool
 * to the lock server that all its buyers share. You do not need to change this file.
 */
public final class Lab02 implements LabBooking {

    @Override
    public BookingNode openNode(NodeContext node) {
        LockServerClient lockServer = LockServerClient.connect(URI.create(node.services().requireLockServer()));
        return new TicketDesk(node, lockServer);
    }
}
