package lockstep.workshop.race;

/**
 * The buyers of a race stopped making progress (a lock never released, a waiter never woken), so the race gave up on
 * them. Unlike a race that could not run, this is a verdict on the code: the message says who waits where.
 */
public final class RaceStalledException extends RaceException {

    private static final long serialVersionUID = 1L;

    public RaceStalledException(String message) {
        super(message);
    }
}
