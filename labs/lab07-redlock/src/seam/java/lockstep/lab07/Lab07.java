package lockstep.lab07;

import java.time.Duration;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.redis.RedisClients;

/**
 * How the toolkit runs your {@link Redlock}: every node opens one client per Redis server, in the order the servers
 * were given, and each of its buyers takes a {@code Redlock} of its own on those clients, for seat A1 the key
 * {@code seat-A1}. Under the lock the toolkit checks the seat, charges the card and confirms, asking
 * {@link Redlock#isHeld()} before each step it cannot undo. You do not need to change this file.
 *
 * <p>The seat database does not protect the seat (a confirmation overwrites whoever held it), so that check-then-act
 * is safe only while the lock lets one buyer in at a time.
 */
public final class Lab07 implements LockLab<RedisClients> {

    /**
     * How long a lock lives on each server unless it is released first. Far longer than a sale here (a 30 ms charge in
     * a race, 2 s in {@code book}), so a busy machine does not end a lock half way; a crashed holder keeps the seat
     * locked this long.
     */
    public static final Duration TTL = Duration.ofSeconds(5);

    /**
     * How long one command to one server may take: short against the TTL, so that a server that is paused or slow
     * costs an attempt little of its validity, and the lock goes on to the next server.
     */
    public static final Duration COMMAND_TIMEOUT = Duration.ofMillis(100);

    @Override
    public RedisClients connect(NodeContext node) {
        return RedisClients.open(node.services().requireRedis(), TTL, COMMAND_TIMEOUT);
    }

    /** The buyer's lock, on the node's clients; its owner names the node and the buyer, as in {@code node-03/buyer-0042}. */
    @Override
    public DistributedLock newLock(RedisClients servers, LockRequest request) {
        return new Redlock(servers.servers(), request.lock(), request.owner(), servers.ttl());
    }
}
