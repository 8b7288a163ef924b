package lockstep.workshop.lockserver.client;

/** A {@link LockServerClient} call did not get a usable answer from the lock server. */
public class LockServerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public LockServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
