package lockstep.workshop;

/**
 * Closing several things that were opened together (the nodes of a race, the services started for it): each is
 * closed even when one before it fails, since a node left open keeps its session and its locks. The first failure is
 * thrown, with the later ones suppressed in it.
 */
public final class CloseAll {

    private CloseAll() {
    }

    /** Closes every one of {@code things}, in order; then throws the first failure, if there was one. */
    public static void close(Iterable<? extends AutoCloseable> things) throws Exception {
        Exception failure = null;
        for (AutoCloseable thing : things) {
            try {
                thing.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
