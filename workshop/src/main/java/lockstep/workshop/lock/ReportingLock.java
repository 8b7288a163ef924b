package lockstep.workshop.lock;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import lockstep.workshop.booking.Step;

/**
 * A lab's lock with its steps reported: asked before {@link #acquire}, granted or denied after it,
 * released before {@link #release()}, and lost the first time {@link #isHeld()} says no. The lab's
 * code reports nothing by hand; a lock whose client reports its own steps is left to do so.
 */
public final class ReportingLock implements DistributedLock {

    private final DistributedLock lock;
    private final LockSteps steps;
    private final String name;
    private final boolean lockReportsItself;
    private volatile boolean granted;
    private volatile long grantedAtNanos;

    private ReportingLock(DistributedLock lock, LockSteps steps, String name, boolean lockReportsItself) {
        this.lock = Objects.requireNonNull(lock, "lock");
        this.steps = Objects.requireNonNull(steps, "steps");
        this.name = Objects.requireNonNull(name, "name");
        this.lockReportsItself = lockReportsItself;
    }

    /**
     * {@code lock}, named {@code name} in the steps (the seat, for example {@code A1}), reporting to
     * {@code steps}; when {@code lockReportsItself}, only a loss seen through {@code isHeld()} is
     * reported here, and only if the lock's client has not reported it.
     */
    public static ReportingLock around(DistributedLock lock, LockSteps steps, String name, boolean lockReportsItself) {
        return new ReportingLock(lock, steps, name, lockReportsItself);
    }

    @Override
    public boolean acquire(Duration maxWait) throws Exception {
        if (!lockReportsItself) {
            steps.asked(Step.LOCK_ASKED.label(), name);
        }
        boolean acquired = lock.acquire(maxWait);
        grantedAtNanos = System.nanoTime();
        granted = acquired;
        if (!lockReportsItself) {
            if (acquired) {
                steps.granted(Step.LOCK_GRANTED.label(), name);
            } else {
                steps.denied(Step.LOCK_DENIED.label(), name);
            }
        }
        return acquired;
    }

    @Override
    public boolean isHeld() {
        boolean held = lock.isHeld();
        if (!held && granted) {
            steps.noticedLost(Step.LOCK_LOST.label());
        }
        return held;
    }

    @Override
    public void release() throws Exception {
        if (!lockReportsItself && granted) {
            steps.released(Step.LOCK_RELEASED.label(), name);
        }
        lock.release();
    }

    @Override
    public OptionalLong fencingToken() {
        return lock.fencingToken();
    }

    /**
     * When the last {@link #acquire} returned, on the one clock every node shares ({@link System#nanoTime()}): for a
     * granted lock, the moment this buyer began to hold it as far as it knows.
     */
    public long grantedAtNanos() {
        return grantedAtNanos;
    }

    /** Why the last {@link #acquire} returned false, when the lab's lock can say (who holds it, for how long). */
    public Optional<String> whyDenied() {
        return lock instanceof ExplainsDenial explains ? Optional.ofNullable(explains.whyDenied()) : Optional.empty();
    }

    /** The lab's own lock inside. */
    public DistributedLock unwrapped() {
        return lock;
    }
}
