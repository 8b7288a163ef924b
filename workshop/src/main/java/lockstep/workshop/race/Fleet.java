package lockstep.workshop.race;

/** The nodes of one race, however they run: threads of this JVM or separate processes. */
interface Fleet extends AutoCloseable {

    /** Starts every node; each tells {@code barrier} when it is ready, or why it cannot be. */
    void open(StartBarrier barrier) throws Exception;

    /** Lets the buyers go: called once every node is ready. */
    void go(StartBarrier barrier) throws Exception;

    /** Waits until every node is done or gone. */
    void awaitDone() throws InterruptedException;

    /** Where the race's fault landed; null when the race has none. */
    default FaultReport faultReport() {
        return null;
    }
}
