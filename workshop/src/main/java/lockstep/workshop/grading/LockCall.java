package lockstep.workshop.grading;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lock.DistributedLock;

/**
 * One call of a learner's {@link DistributedLock#acquire} or {@link DistributedLock#release()} on a
 * thread of its own, so that a check can wait for it with a time limit instead of hanging when the
 * lock under test never returns.
 */
public final class LockCall {

    /** The call to make. */
    private interface Call {
        boolean on(DistributedLock lock) throws Exception;
    }

    private final Thread thread;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile Throwable failure;
    private volatile boolean answer;

    private LockCall(DistributedLock lock, Call call, String name) {
        this.thread = new Thread(() -> {
            try {
                answer = call.on(lock);
            } catch (Exception | AssertionError e) {
                failure = e;
            } finally {
                done.countDown();
            }
        }, name);
        thread.setDaemon(true); // a lock that never returns must not keep the JVM alive
    }

    /** Starts {@code who}'s {@code acquire(maxWait)}. */
    public static LockCall acquire(DistributedLock lock, String who, Duration maxWait) {
        return start(new LockCall(lock, held -> held.acquire(maxWait), "acquire-" + who));
    }

    /** Starts {@code who}'s {@code release()}. */
    public static LockCall release(DistributedLock lock, String who) {
        return start(new LockCall(lock, held -> {
            held.release();
            return true;
        }, "release-" + who));
    }

    private static LockCall start(LockCall call) {
        call.thread.start();
        return call;
    }

    /** Whether the call has returned or thrown. */
    public boolean isDone() {
        return done.getCount() == 0;
    }

    /** Waits until the call returns or throws; false if it still runs after {@code budget}. */
    public boolean awaitDone(Duration budget) throws InterruptedException {
        return done.await(budget.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until the call returns or throws; if it still runs after {@code budget}, gives up on it ({@link #abandon()})
     * so that a lock that never returns cannot hold up the rest of the check. Whether it ended in time.
     */
    public boolean awaitDoneOrAbandon(Duration budget) throws InterruptedException {
        boolean done = awaitDone(budget);
        if (!done) {
            abandon();
        }
        return done;
    }

    /** What the call threw, if it threw. */
    public Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    /** Whether the call returned true: an acquire that got the lock (a release always does). */
    public boolean returnedTrue() {
        return isDone() && failure == null && answer;
    }

    /** The thread making the call, to see where it waits. */
    public Thread thread() {
        return thread;
    }

    /** Gives up on a call that hangs: interrupts it, and waits a moment for it to end. */
    public void abandon() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(1).toMillis());
    }
}
