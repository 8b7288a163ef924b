package lockstep.workshop.zookeeper;

import java.util.Locale;

/**
 * The herd, as one number: how many clients a lock woke each time it passed to the next holder.
 * A lock whose waiters all watch one znode wakes them all (it grows with the contenders); the
 * sequential-znode recipe wakes exactly one.
 *
 * @param contenders how many clients competed for the lock
 * @param handoffs how many times the lock passed from one holder to the next
 * @param notifications watch notifications the servers sent meanwhile
 */
public record NotificationsPerHandoff(int contenders, long handoffs, long notifications) {

    public NotificationsPerHandoff {
        if (contenders < 1) {
            throw new IllegalArgumentException("contenders must be at least 1, was " + contenders);
        }
        if (handoffs < 1) {
            throw new IllegalArgumentException("handoffs must be at least 1, was " + handoffs);
        }
        if (notifications < 0) {
            throw new IllegalArgumentException("notifications must not be negative, was " + notifications);
        }
    }

    /** Notifications divided by handoffs. */
    public double perHandoff() {
        return (double) notifications / handoffs;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d contenders: %.1f watch notifications per handoff (%d notifications, %d handoffs)",
                contenders, perHandoff(), notifications, handoffs);
    }
}
