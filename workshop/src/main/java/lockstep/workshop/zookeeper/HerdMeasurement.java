package lockstep.workshop.zookeeper;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.KeeperException;

/**
 * Measures the herd of a ZooKeeper lock: how many watch notifications the servers send each time
 * the lock passes from one holder to the next. Contenders, each a thread with a session of its
 * own, take turns on one lock until it has been acquired the number of times asked for.
 * Notifications come from the servers' own metrics ({@link WatchNotificationCounter}), so the lock
 * under test needs no change; any lock that a {@link Contender} can drive can be measured, the
 * learner's included.
 *
 * <p>A lock on one znode that every waiter watches wakes them all at each release (the herd grows
 * with the waiters); the sequential-znode recipe wakes exactly one.
 *
 * <p>Limits: the server must run in this JVM, and nothing else may use it while a measurement
 * runs (the counts are per JVM). Two contenders holding the lock at once fail the measurement.
 */
public final class HerdMeasurement {

    /** One client of the lock under test, with a session of its own, driven by one thread. */
    public interface Contender extends AutoCloseable {

        /** Blocks until this contender holds the lock. */
        void acquire() throws Exception;

        /** Lets the lock go; called once after each {@link #acquire()}. */
        void release() throws Exception;

        /** Ends the contender's session. */
        @Override
        void close();
    }

    /** Connects one contender (a session of its own) to the lock under test. */
    @FunctionalInterface
    public interface Contenders {

        /** A connected contender called {@code name}, such as {@code contender-07}. */
        Contender connect(String connectString, String name);
    }

    /**
     * One measured run.
     *
     * @param herd                   notifications per handoff
     * @param acquisitionsPerSecond  acquire-and-release cycles per second, all contenders together
     */
    public record Result(NotificationsPerHandoff herd, double acquisitionsPerSecond) {

        public Result {
            Objects.requireNonNull(herd, "herd");
        }
    }

    /** How often to look whether the contenders still make progress. */
    private static final Duration PROGRESS_LOOK = Duration.ofMillis(100);

    private HerdMeasurement() {
    }

    /**
     * Connects {@code contenders} contenders, lets them take turns on the lock until it was
     * acquired {@code acquisitions} times (a few more, as the last waiters finish), and closes them.
     *
     * @throws IllegalArgumentException unless there are at least 1 contender and 2 acquisitions
     * @throws IllegalStateException if two contenders held the lock at once, a contender failed, the
     *     acquisitions took longer than {@code budget}, or none happened for {@code stuckAfter} (a
     *     lock that hangs); the message says which
     */
    public static Result measure(String connectString, int contenders, int acquisitions, Contenders lock,
            Duration budget, Duration stuckAfter) throws InterruptedException {
        if (contenders < 1 || acquisitions < 2) {
            throw new IllegalArgumentException("a herd needs at least 1 contender and 2 acquisitions, was "
                    + contenders + " and " + acquisitions);
        }
        List<Contender> clients = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            for (int i = 1; i <= contenders; i++) {
                clients.add(lock.connect(connectString, String.format("contender-%02d", i)));
            }
            AtomicInteger acquired = new AtomicInteger();
            AtomicBoolean held = new AtomicBoolean();
            AtomicLong doubleHolds = new AtomicLong();
            // Every contender's thread must be running before the first acquire: on a busy machine
            // a thread that starts late would leave the others to take turns without it, and the
            // herd would look smaller than it is.
            CountDownLatch ready = new CountDownLatch(contenders);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            for (Contender client : clients) {
                running.add(threads.submit(() -> {
                    ready.countDown();
                    go.await();
                    while (acquired.get() < acquisitions) {
                        client.acquire();
                        if (!held.compareAndSet(false, true)) {
                            doubleHolds.incrementAndGet();
                        }
                        acquired.incrementAndGet();
                        held.set(false);
                        client.release();
                    }
                    return null;
                }));
            }
            if (!ready.await(budget.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the " + contenders + " contender threads did not start within "
                        + budget.toSeconds() + " s");
            }
            WatchNotificationCounter counter = WatchNotificationCounter.start();
            long start = System.nanoTime();
            go.countDown();
            long deadline = start + budget.toNanos();
            awaitProgress(running, acquired, deadline, stuckAfter);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (doubleHolds.get() > 0) {
                throw new IllegalStateException("two contenders held the lock at once, " + doubleHolds.get() + " times");
            }
            return new Result(counter.perHandoff(contenders, acquired.get() - 1L), acquired.get() / seconds);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a contender failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(contenders + " contenders did not reach " + acquisitions
                    + " acquisitions within " + budget.toSeconds() + " s", e);
        } catch (StuckException e) {
            throw new IllegalStateException(contenders + " contenders took turns on the lock " + e.acquisitions
                    + " times, then nobody got it for " + stuckAfter.toSeconds() + " s: the lock hangs");
        } finally {
            threads.shutdownNow();
            // Closing the sessions also wakes any contender still waiting on a watch.
            clients.forEach(Contender::close);
        }
    }

    /**
     * Waits until every contender is done, or the deadline passes, or no acquisition happened for
     * {@code stuckAfter}: a lock that never lets go need not cost the whole budget. Looks at the
     * count of acquisitions between short waits on the contenders themselves.
     */
    private static void awaitProgress(List<Future<?>> running, AtomicInteger acquired, long deadline,
            Duration stuckAfter) throws InterruptedException, ExecutionException, TimeoutException, StuckException {
        int seen = acquired.get();
        long lastProgress = System.nanoTime();
        for (Future<?> contender : running) {
            while (true) {
                long wait = Math.min(PROGRESS_LOOK.toNanos(), deadline - System.nanoTime());
                if (wait <= 0) {
                    throw new TimeoutException();
                }
                try {
                    contender.get(wait, TimeUnit.NANOSECONDS);
                    break;
                } catch (TimeoutException stillRunning) {
                    int now = acquired.get();
                    if (now != seen) {
                        seen = now;
                        lastProgress = System.nanoTime();
                    } else if (System.nanoTime() - lastProgress > stuckAfter.toNanos()) {
                        throw new StuckException(now);
                    }
                }
            }
        }
    }

    /** No contender got the lock for a long while. */
    private static final class StuckException extends Exception {

        final int acquisitions;

        StuckException(int acquisitions) {
            super(null, null, false, false);
            this.acquisitions = acquisitions;
        }
    }
}
