package lockstep.workshop.live;

/**
 * What one look at a lab's lock service saw. Each kind of service has a record of its own, in its own terms (the lock
 * server's leases and events, ZooKeeper's znodes and sessions), which the terminal draws as text; every one of them
 * also says itself as the {@link Board} the live page draws.
 */
public interface LiveSnapshot {

    /** Whether the lock service answered this look; when it did not, the board says so and how to start one. */
    boolean serviceAnswered();

    /** This look as the live page draws it. */
    Board board();
}
