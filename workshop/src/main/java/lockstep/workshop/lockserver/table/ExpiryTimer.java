package lockstep.workshop.lockserver.table;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the lock table at its next deadline, so that a lock whose TTL runs out is handed to its first waiter, and a
 * wait that reaches its deadline is answered, without anyone having to ask.
 *
 * <p>It sleeps until the earliest deadline, but never longer than {@code longestNap}: deadlines are wall-clock
 * instants, and if the wall clock jumps, a sleep measured in real time would wake too late. The table wakes it early
 * when a new, earlier deadline appears, and a {@link ManualLockClock} wakes it after every move, so a test that
 * advances the clock sees the consequences at once.
 */
public final class ExpiryTimer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ExpiryTimer.class);

    private final LockClock clock;
    private final LockTable table;
    private final long longestNapMillis;
    private final Thread thread;
    private final Runnable wakeOnClockMove = this::wake;

    private final Object monitor = new Object();
    /** When the sleeping thread means to wake up; {@link Long#MIN_VALUE} while it is awake. Guarded by monitor. */
    private long plannedWakeAt = Long.MIN_VALUE;
    private boolean woken;
    private boolean closed;

    public ExpiryTimer(LockClock clock, LockTable table, Duration longestNap) {
        this.clock = clock;
        this.table = table;
        this.longestNapMillis = longestNap.toMillis();
        this.thread = new Thread(this::runUntilClosed, "lockserver-expiry-timer");
        this.thread.setDaemon(true);
    }

    /** Starts the timer thread; from now on the table's deadlines are kept without anyone asking. */
    public void start() {
        clock.addMoveListener(wakeOnClockMove);
        table.onDeadlineAdded(this::deadlineAdded);
        thread.start();
    }

    /** Wakes the timer if {@code atMillis} comes before the moment it means to wake up. */
    private void deadlineAdded(long atMillis) {
        synchronized (monitor) {
            // While awake (MIN_VALUE) the timer has maybe already read the table; make it look once more.
            if (plannedWakeAt == Long.MIN_VALUE || atMillis < plannedWakeAt) {
                woken = true;
                monitor.notifyAll();
            }
        }
    }

    private void wake() {
        synchronized (monitor) {
            woken = true;
            monitor.notifyAll();
        }
    }

    @Override
    public void close() {
        clock.removeMoveListener(wakeOnClockMove);
        synchronized (monitor) {
            closed = true;
            monitor.notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void runUntilClosed() {
        while (true) {
            long next;
            try {
                table.expireDue();
                next = table.nextDeadline();
            } catch (RuntimeException e) {
                // A failed log makes the hand-off of an expired lock fail; the next request reports it to its client.
                LOG.warn("Could not expire due locks", e);
                next = Long.MAX_VALUE;
            }
            synchronized (monitor) {
                if (closed) {
                    return;
                }
                if (!woken) {
                    long now = clock.currentTimeMillis();
                    long napMillis = Math.max(1, Math.min(longestNapMillis, next - now));
                    plannedWakeAt = next == Long.MAX_VALUE ? now + napMillis : Math.min(next, now + napMillis);
                    try {
                        monitor.wait(napMillis);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
                plannedWakeAt = Long.MIN_VALUE;
            }
        }
    }
}
