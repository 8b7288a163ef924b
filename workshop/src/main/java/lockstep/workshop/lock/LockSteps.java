package lockstep.workshop.lock;

import java.util.Objects;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;

/**
 * The lock steps of one attempt of one buyer, on their way to the node's {@link StepListener}: the
 * one road by which every lab's lock steps reach {@code lockstep book}, the history and the faults.
 *
 * <p>The toolkit's {@link ReportingLock} reports the steps it can see from outside the lock (asked,
 * granted, denied, lost, released). A lock whose client sees finer points, such as the lock server
 * client's {@code setnx-granted} or its renewals, reports them here itself, and its lab says so
 * ({@link LockLab#reportsItsOwnLockSteps()}), so that no step is reported twice.
 *
 * <p>A step's detail is the lock's name, so that the history can tell which holders of which lock
 * overlapped. A holding is reported as the buyer can act on it: from the grant until the buyer
 * lets go or learns that the lock is gone. Safe to call from several threads (a renewal thread
 * reports beside the buyer's own).
 */
public final class LockSteps {

    private final String node;
    private final String buyer;
    private final StepListener listener;
    /** The lock this buyer holds now, as its grant named it; null while it holds none. */
    private String held;

    private LockSteps(String node, String buyer, StepListener listener) {
        this.node = Objects.requireNonNull(node, "node");
        this.buyer = Objects.requireNonNull(buyer, "buyer");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** The lock steps of {@code buyer} on {@code node}, told to {@code listener}. */
    public static LockSteps of(String node, String buyer, StepListener listener) {
        return new LockSteps(node, buyer, listener);
    }

    /** Steps that go nowhere, for a lock used outside any booking. */
    public static LockSteps none(String node, String buyer) {
        return new LockSteps(node, buyer, StepListener.NONE);
    }

    /** The buyer asks the lock service for {@code lock}. */
    public void asked(String point, String lock) {
        report(Step.LOCK_ASKED, point, lock);
    }

    /** The lock service granted {@code lock}: from now on the buyer holds it. */
    public void granted(String point, String lock) {
        synchronized (this) {
            held = lock;
        }
        report(Step.LOCK_GRANTED, point, lock);
    }

    /** The lock service said no, or the wait ran out. */
    public void denied(String point, String lock) {
        report(Step.LOCK_DENIED, point, lock);
    }

    /** The holder's lease was extended. */
    public void renewed(String point, String lock) {
        report(Step.LOCK_RENEWED, point, lock);
    }

    /** The buyer learned that {@code lock} is gone (a refused renewal, a release that found it gone). */
    public void lost(String point, String lock) {
        synchronized (this) {
            held = null;
        }
        report(Step.LOCK_LOST, point, lock);
    }

    /**
     * The buyer found the lock it holds gone by asking whether it still holds it: reported only if
     * no step has said so already, so a loss that the lock's client reported is not reported twice.
     */
    public void noticedLost(String point) {
        String lock;
        synchronized (this) {
            lock = held;
            held = null;
        }
        if (lock != null) {
            report(Step.LOCK_LOST, point, lock);
        }
    }

    /**
     * The buyer lets go of {@code lock}: reported before the release is sent, because the lock
     * service may hand the lock to the next buyer before our own answer is back.
     */
    public void released(String point, String lock) {
        synchronized (this) {
            held = null;
        }
        report(Step.LOCK_RELEASED, point, lock);
    }

    /** The buyer whose steps these are. */
    public String buyer() {
        return buyer;
    }

    /** The node the buyer is on. */
    public String node() {
        return node;
    }

    private void report(Step step, String point, String lock) {
        listener.on(StepEvent.now(node, buyer, step, point, lock));
    }
}
