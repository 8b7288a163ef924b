package lockstep.workshop.race;

/** The nodes of one race, however they run: threads of this JVM or separate processes. */
interface Fleet extends AutoCloseable {

    /** Starts every node; each tells {@code barrier} when it is ready, or why it cannot be. */
    void open(StartBarrier barrier) throws Exception;

    /** Lets the buyers go: called once every node is ready. */
    void go(StartBarrier barrier) throws Exception;

    /** Waits until every node is done or gone. */
    void awaitDone() throws InterruptedException;

    /** Waits up to {@code budget} for every node to be done or gone; true if they are. */
    boolean awaitDone(java.time.Duration budget) throws InterruptedException;

    /**
     * Gives up on buyers that no longer make progress: they are interrupted (threads) or their nodes are killed
     * (processes), so the race can end and say why.
     */
    void abandon();

    /** Where {@code buyer}'s thread is in the lab's code, when this fleet can see it (threads only). */
    default java.util.Optional<String> whereIs(String buyer) {
        return java.util.Optional.empty();
    }

    /** Where the race's fault landed; null when the race has none. */
    default FaultReport faultReport() {
        return null;
    }
}
