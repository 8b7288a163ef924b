package lockstep.lab03;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One call of {@link EphemeralLock#acquire()} or {@link EphemeralLock#release()} on a thread of
 * its own, so that a check can wait for it with a time limit instead of hanging when the lock
 * under test never returns.
 */
final class LockCall {

    /** The call to make: acquire() or release(). */
    private interface Call {
        void on(EphemeralLock lock) throws Exception;
    }

    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;

    private LockCall(EphemeralLock lock, Call call, String name) {
        this.thread = new Thread(() -> {
            try {
                call.on(lock);
            } catch (Exception | AssertionError e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }, name);
        thread.setDaemon(true); // a lock that never returns must not keep the JVM alive
    }

    /** Starts {@code who}'s acquire(). */
    static LockCall acquire(EphemeralLock lock, String who) {
        return start(new LockCall(lock, EphemeralLock::acquire, "acquire-" + who));
    }

    /** Starts {@code who}'s release(). */
    static LockCall release(EphemeralLock lock, String who) {
        return start(new LockCall(lock, EphemeralLock::release, "release-" + who));
    }

    private static LockCall start(LockCall call) {
        call.thread.start();
        return call;
    }

    /** Whether the call has returned or thrown. */
    boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until the call returns or throws; false if it still runs after {@code budget}. */
    boolean awaitDone(Duration budget) throws InterruptedException {
        return done.await(budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** What the call threw, if it threw. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Gives up on a call that hangs: interrupts it, and waits a moment for it to end. */
    void abandon() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(1).toMillis());
    }
}
