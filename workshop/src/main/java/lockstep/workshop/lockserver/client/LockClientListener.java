package lockstep.workshop.lockserver.client;

/**
 * Told of every {@link LockClientStep} of a {@link LockServerClient} call, on the calling thread, as it happens.
 *
 * <p>The seam for observing and for injecting faults: a listener may record the step, sleep (a pause), block until
 * released, halt the JVM ({@link Runtime#halt}, a crash), or throw (the exception reaches the caller unchanged). The
 * call goes on only when the listener returns.
 */
@FunctionalInterface
public interface LockClientListener {

    /** A listener that does nothing. */
    LockClientListener NONE = (step, resource, owner) -> { };

    /**
     * @param step     where the call is
     * @param resource the lock the call is about
     * @param owner    the owner name the call acts for
     */
    void onStep(LockClientStep step, String resource, String owner);
}
