package lockstep.workshop.lockserver.table;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LockClock} that stands still until a test or a grader moves it, so that expiry is decided by the test and
 * never by how fast the machine happens to be.
 *
 * <p>{@link #advance} moves time forward; {@link #jumpTo} sets any instant, also an earlier one, to model a wall clock
 * that an operator or NTP moved. After every move the registered listeners run on the calling thread; a lock server
 * uses that to run its expiry timer, so a waiting acquire is answered soon after {@code advance} returns.
 *
 * <p>Thread-safe.
 */
public final class ManualLockClock implements LockClock {

    private final AtomicLong millis;
    private final List<Runnable> moveListeners = new CopyOnWriteArrayList<>();

    /** A clock that reads {@code start} until it is moved. */
    public ManualLockClock(Instant start) {
        this.millis = new AtomicLong(start.toEpochMilli());
    }

    /** A clock that starts at the machine's current time, so its readings look like real dates. */
    public static ManualLockClock startingNow() {
        return new ManualLockClock(Instant.now());
    }

    @Override
    public long currentTimeMillis() {
        return millis.get();
    }

    /** The time this clock reads now. */
    public Instant now() {
        return Instant.ofEpochMilli(millis.get());
    }

    /** Moves the clock forward by {@code step}, which must not be negative (use {@link #jumpTo} to go back). */
    public void advance(Duration step) {
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock advances by zero or more, was " + step + "; use jumpTo to go back");
        }
        millis.addAndGet(step.toMillis());
        tellListeners();
    }

    /** Sets the clock to {@code instant}, forward or back, as a wall-clock jump would. */
    public void jumpTo(Instant instant) {
        millis.set(instant.toEpochMilli());
        tellListeners();
    }

    @Override
    public void addMoveListener(Runnable listener) {
        moveListeners.add(listener);
    }

    @Override
    public void removeMoveListener(Runnable listener) {
        moveListeners.remove(listener);
    }

    private void tellListeners() {
        moveListeners.forEach(Runnable::run);
    }

    @Override
    public String toString() {
        return "ManualLockClock at " + now();
    }
}
