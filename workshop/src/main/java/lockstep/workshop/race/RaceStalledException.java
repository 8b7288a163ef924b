package lockstep.workshop.race;

/**
 * The buyers of a race stopped making progress (a lock never released, a waiter never woken), so the race gave up on
 * them. Unlike a race that could not run, this is a verdict on the code: the message says who waits where.
 */
public final class RaceStalledException extends RaceException {

    private static final long serialVersionUID = 1L;

    private final boolean lockLeftHeld;

    /**
     * @param message       who waits where, who holds what
     * @param lockLeftHeld  whether the lock service still held a lock when the race stopped: a lock never let go,
     *                      rather than waiters that were never woken
     */
    public RaceStalledException(String message, boolean lockLeftHeld) {
        super(message);
        this.lockLeftHeld = lockLeftHeld;
    }

    /** Whether the lock service still held a lock when the race stopped (else nobody held one, yet all waited). */
    public boolean lockLeftHeld() {
        return lockLeftHeld;
    }
}
