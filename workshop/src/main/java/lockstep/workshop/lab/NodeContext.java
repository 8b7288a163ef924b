package lockstep.workshop.lab;

import java.time.Duration;
import java.util.Objects;
import lockstep.workshop.booking.StepListener;

/**
 * What a node is given when it opens.
 *
 * @param lab       the lab whose node it is: its spec says where its locks live ({@link Lab#lockRoot()})
 * @param name      the node's name, for example {@code node-03} or {@code Node_Alpha}
 * @param services  where the lock services are, for the labs that use one
 * @param steps     where the node reports its steps (lock asked, granted, ...)
 * @param lockWait  how long a buyer may wait for a lock someone else holds before giving up; zero means ask once
 *                  and take no for an answer ({@code lockstep book} without {@code --wait})
 */
public record NodeContext(Lab lab, String name, Services services, StepListener steps, Duration lockWait) {

    /** How long buyers in a race wait for a busy lock: far longer than a healthy race ever needs. */
    public static final Duration DEFAULT_LOCK_WAIT = Duration.ofSeconds(30);

    public NodeContext {
        Objects.requireNonNull(lab, "lab");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(lockWait, "lockWait");
        if (lockWait.isNegative()) {
            throw new IllegalArgumentException("a lock wait is zero or more, but was " + lockWait);
        }
    }

    /** A node whose buyers wait up to {@link #DEFAULT_LOCK_WAIT} for a busy lock. */
    public NodeContext(Lab lab, String name, Services services, StepListener steps) {
        this(lab, name, services, steps, DEFAULT_LOCK_WAIT);
    }
}
