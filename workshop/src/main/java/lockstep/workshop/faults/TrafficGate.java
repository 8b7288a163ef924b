package lockstep.workshop.faults;

/**
 * The switch of a {@link TcpProxy}: while it is shut, no forwarding step may begin, and shutting
 * it waits for the steps under way, so that once {@link #shut()} returns not one more byte passes.
 */
final class TrafficGate {

    private boolean open = true;
    private boolean closedForGood;
    private int stepsUnderWay;

    /** Stops traffic; returns once no forwarding step is under way (or after {@code timeoutMillis}). */
    synchronized void shut(long timeoutMillis) throws InterruptedException {
        open = false;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (stepsUnderWay > 0) {
            long remaining = deadline - System.currentTimeMillis();
            if (remaining <= 0) {
                // A write stuck on a receiver that does not read; it cannot finish, so it cannot leak either.
                return;
            }
            wait(remaining);
        }
    }

    /**
     * Stops traffic at once, without waiting for the steps under way: for a forwarding step that shuts the gate behind
     * itself (it is under way, so {@link #shut} would wait for it for ever).
     */
    synchronized void shutNow() {
        open = false;
    }

    /** Lets traffic flow again. */
    synchronized void open() {
        open = true;
        notifyAll();
    }

    synchronized boolean isOpen() {
        return open;
    }

    /** Releases every waiting step for good: they are told to stop. */
    synchronized void closeForGood() {
        closedForGood = true;
        notifyAll();
    }

    /**
     * Waits until traffic may flow, then counts a forwarding step as under way; the caller must
     * call {@link #endStep()} after it.
     *
     * @return false if the proxy closed meanwhile (no step begins)
     */
    synchronized boolean beginStep() throws InterruptedException {
        while (!open && !closedForGood) {
            wait();
        }
        if (closedForGood) {
            return false;
        }
        stepsUnderWay++;
        return true;
    }

    synchronized void endStep() {
        stepsUnderWay--;
        notifyAll();
    }
}
