package lockstep.workshop.race;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Holds every buyer back until every counter of every node is connected and ready, however long
 * that takes, then lets them all go at once. A fixed delay would not do: a slow node (a JVM still
 * starting, a second process opening the database) would start late and lose the race unfairly,
 * and the race would prove nothing about concurrency.
 *
 * <p>If any party fails to get ready, waiting for readiness fails instead of hanging.
 */
public final class StartBarrier {

    private final CountDownLatch ready;
    private final CountDownLatch go = new CountDownLatch(1);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** A barrier for {@code parties} counters (or node processes). */
    public StartBarrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("a start barrier needs at least 1 party, but was " + parties);
        }
        this.ready = new CountDownLatch(parties);
    }

    /** One party is ready to start. */
    public void ready() {
        ready.countDown();
    }

    /** One party could not get ready; whoever waits for readiness gets this failure. */
    public void failed(Throwable why) {
        failure.compareAndSet(null, why);
        while (ready.getCount() > 0) {
            ready.countDown();
        }
    }

    /** Waits until every party is ready. */
    public void awaitAllReady() throws InterruptedException, RaceException {
        ready.await();
        Throwable why = failure.get();
        if (why != null) {
            throw new RaceException("A node could not get ready: " + messageOf(why), why);
        }
    }

    /** Lets every waiting buyer go. */
    public void go() {
        go.countDown();
    }

    /** Waits for the start; a buyer's counter calls this after {@link #ready()}. */
    public void awaitGo() throws InterruptedException {
        go.await();
    }

    private static String messageOf(Throwable why) {
        return why.getMessage() == null ? why.toString() : why.getMessage();
    }
}
