package lockstep.workshop.lockserver.client;

/**
 * The lock server could not be reached, or the connection broke before its answer arrived.
 *
 * <p>When {@link #requestMayHaveArrived()} is true the outcome is unknown: the server may have granted or released
 * the lock and the answer was lost. A careful caller treats an acquire like that as "maybe granted" (the lock, if it
 * exists, runs out with its TTL) and never as "denied".
 */
public final class LockServerUnavailableException extends LockServerException {

    private static final long serialVersionUID = 1L;

    private final boolean requestMayHaveArrived;

    public LockServerUnavailableException(String message, boolean requestMayHaveArrived, Throwable cause) {
        super(message, cause);
        this.requestMayHaveArrived = requestMayHaveArrived;
    }

    /** False only when the connection could not even be opened, so the server cannot have acted. */
    public boolean requestMayHaveArrived() {
        return requestMayHaveArrived;
    }
}
