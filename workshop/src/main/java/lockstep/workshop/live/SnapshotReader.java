package lockstep.workshop.live;

/**
 * Takes looks at one lock service, one after another, and keeps between them what no single look shows (the events
 * since the last look, the locks seen last time). A look at a service that does not answer is still a snapshot, one
 * that says so; the next look tries again. One thread looks at a time.
 *
 * @param <S> what one look sees
 */
public interface SnapshotReader<S extends LiveSnapshot> extends AutoCloseable {

    /** Looks at the service now. Never throws because the service does not answer. */
    S read() throws InterruptedException;

    /** Lets go of the connection to the service. */
    @Override
    void close();
}
