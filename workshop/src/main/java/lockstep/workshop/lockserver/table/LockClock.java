package lockstep.workshop.lockserver.table;

/**
 * The lock server's only source of time: every expiry and every wait deadline is read from it.
 *
 * <p>It is a wall clock (milliseconds since the Unix epoch), not a monotonic one, because lock expiries are stored on
 * disk as absolute instants and must still mean something after a restart. The price is that a wall-clock jump moves
 * every deadline with it; {@link ManualLockClock#jumpTo} lets a test or a grader show exactly that.
 *
 * <p>A clock that is moved by hand tells its move listeners, so the server's expiry timer can wake up at once instead
 * of on its own schedule. The {@linkplain #system() system clock} never calls them.
 */
public interface LockClock {

    /** Milliseconds since the Unix epoch, as this clock reads now. */
    long currentTimeMillis();

    /** Asks to be told whenever this clock is moved by hand. The default does nothing: real time moves by itself. */
    default void addMoveListener(Runnable listener) {
    }

    /** Undoes {@link #addMoveListener}; unknown listeners are ignored. */
    default void removeMoveListener(Runnable listener) {
    }

    /** The machine's wall clock, {@link System#currentTimeMillis()}. */
    static LockClock system() {
        return System::currentTimeMillis;
    }
}
