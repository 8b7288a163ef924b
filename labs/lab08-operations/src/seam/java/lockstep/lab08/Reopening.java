package lockstep.lab08;

/**
 * What one break-glass did, as the operator's console prints it.
 *
 * @param seat        the seat reopened, for example {@code A1}
 * @param fencedAt    the token both fenced resources of the seat now stand at: a write from any holder with this token
 *                    or a lower one is refused, and every later grant of the lock carries a larger one
 * @param queueFreed  whether the lock node at the head of the seat's queue was removed (or none was there), so that the
 *                    next waiter holds the lock; false when ZooKeeper did not answer: run the break-glass again once
 *                    it does
 */
public record Reopening(String seat, long fencedAt, boolean queueFreed) {

    /** One sentence for the operator. */
    public String inWords() {
        return seat + " fenced at token " + fencedAt + (queueFreed ? "; its queue is free, the next buyer holds it."
                : "; ZooKeeper did not answer, so the stuck lock node is still there. Run the break-glass again once"
                        + " ZooKeeper serves.");
    }
}
