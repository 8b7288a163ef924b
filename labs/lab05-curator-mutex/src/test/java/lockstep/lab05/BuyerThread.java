package lockstep.lab05;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lock.DistributedLock;

/**
 * One buyer's thread, on which a check makes that buyer's lock calls one after another. Curator's
 * mutex belongs to the thread that acquired it (its re-entrancy is counted per thread, and only
 * that thread may release it), so a check cannot make each call on a thread of its own, as Lab 03's
 * checks do. Each call returns at once with a {@link Call} the check waits for with a budget, so a
 * lock that never returns cannot hang the grade.
 */
final class BuyerThread implements AutoCloseable {

    private final ExecutorService thread;

    private BuyerThread(String buyer) {
        this.thread = Executors.newSingleThreadExecutor(task -> {
            Thread worker = new Thread(task, "buyer-" + buyer);
            worker.setDaemon(true); // a lock that never returns must not keep the JVM alive
            return worker;
        });
    }

    /** A thread for {@code buyer}, for example Alice. */
    static BuyerThread of(String buyer) {
        return new BuyerThread(buyer);
    }

    /** Starts {@code lock.acquire(maxWait)} on this thread, after the calls started before it. */
    Call<Boolean> acquire(DistributedLock lock, Duration maxWait) {
        return start(() -> lock.acquire(maxWait));
    }

    /** Asks {@code lock.isHeld()} on this thread, after the calls started before it. */
    Call<Boolean> isHeld(DistributedLock lock) {
        return start(lock::isHeld);
    }

    /** Starts {@code lock.release()} on this thread, after the calls started before it. */
    Call<Boolean> release(DistributedLock lock) {
        return start(() -> {
            lock.release();
            return true;
        });
    }

    /** Starts any call on this thread, after the calls started before it. */
    <T> Call<T> start(Callable<T> call) {
        return new Call<>(thread.submit(call));
    }

    /** Interrupts whatever still runs here, and waits a moment for it to end. */
    @Override
    public void close() throws InterruptedException {
        thread.shutdownNow();
        thread.awaitTermination(1, TimeUnit.SECONDS);
    }

    /** One call on a buyer's thread: what it returned or threw, once it has. */
    static final class Call<T> {

        private final Future<T> future;

        private Call(Future<T> future) {
            this.future = future;
        }

        /**
         * Waits for a call that should end at once (a grant of a free lock, a release, a no in time): false if it
         * still runs after a prompt event's budget. Such a call that runs on is code that hangs, and the rest of the
         * grade is told so, so that its later checks do not each wait their whole budget for it again.
         */
        boolean awaitPromptly() throws InterruptedException {
            boolean done = awaitDone(Timing.forPromptEvent());
            if (!done) {
                Timing.noteThatTheCodeHangs();
            }
            return done;
        }

        /** Waits until the call has returned or thrown; false if it still runs after {@code budget}. */
        boolean awaitDone(Duration budget) throws InterruptedException {
            try {
                future.get(budget.toNanos(), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException | CancellationException e) {
                // It ended by throwing; failure() says what.
            }
            return true;
        }

        boolean isDone() {
            return future.isDone();
        }

        /** What the call returned, if it returned. */
        Optional<T> value() {
            if (!future.isDone() || future.isCancelled()) {
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(future.get());
            } catch (ExecutionException | InterruptedException e) {
                return Optional.empty();
            }
        }

        /** Whether the call returned {@code true} (an acquire that got the lock). */
        boolean returnedTrue() {
            return value().filter(Boolean.TRUE::equals).isPresent();
        }

        /** What the call threw, if it threw. */
        Optional<Throwable> failure() {
            if (!future.isDone() || future.isCancelled()) {
                return Optional.empty();
            }
            try {
                future.get();
                return Optional.empty();
            } catch (ExecutionException e) {
                return Optional.of(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        /** The outcome in words, for a message: "returned true", "threw ...", or "was still running". */
        String describe() {
            if (!future.isDone()) {
                return "was still running";
            }
            return failure().map(failure -> "threw " + failure).orElseGet(() -> "returned " + value().orElse(null));
        }
    }
}
