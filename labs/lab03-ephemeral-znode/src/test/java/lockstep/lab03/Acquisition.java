package lockstep.lab03;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One {@link EphemeralLock#acquire()} on a thread of its own, so that a check can wait for it
 * with a time limit instead of hanging when the lock under test never lets go.
 */
final class Acquisition {

    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    private Acquisition(EphemeralLock lock, String who) {
        this.thread = new Thread(() -> {
            try {
                lock.acquire();
            } catch (Exception | AssertionError e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }, "acquire-" + who);
        thread.setDaemon(true); // a lock that never returns must not keep the JVM alive
    }

    static Acquisition start(EphemeralLock lock, String who) {
        Acquisition acquisition = new Acquisition(lock, who);
        acquisition.thread.start();
        return acquisition;
    }

    /** Whether acquire() has returned or thrown. */
    boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until acquire() returns or throws; false if it still runs after {@code budget}. */
    boolean awaitDone(Duration budget) throws InterruptedException {
        return done.await(budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What acquire() threw, if it threw. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Gives up on an acquire() that hangs: interrupts it, and waits a moment for it to end. */
    void abandon() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(1).toMillis());
    }
}
