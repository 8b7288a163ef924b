package lockstep.workshop.lock;

/**
 * A lock that can say why its last {@link DistributedLock#acquire} returned false, in words for
 * the buyer's answer: for example {@code seat-A1 is locked by Node_Alpha for another 1.4 s}.
 * Optional: without it the answer says only that the lock did not come in time.
 */
public interface ExplainsDenial {

    /** Why the last acquire returned false, or null when it did not. */
    String whyDenied();
}
