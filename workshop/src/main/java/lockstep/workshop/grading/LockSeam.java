package lockstep.workshop.grading;

import java.util.Objects;
import java.util.Optional;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.lock.LockSteps;
import lockstep.workshop.lock.ReportingLock;

/**
 * A lock lab's seam as a grader holds it: the learner's lock for one buyer, on a connection the
 * check controls (a session it will expire, cut or make lose an answer). Graders reach the
 * learner's code only this way, never by constructing the learner's classes, so a learner may
 * shape their own lock file as they like.
 *
 * <pre>{@code
 * LockSeam<ZooKeeper> seam = LockSeam.of(CODE, ZooKeeper.class);
 * DistributedLock alice = seam.lock(aliceSession, "Alpha", "Alice", "A1");
 * }</pre>
 *
 * @param <C> the lab's connection type
 */
public final class LockSeam<C extends AutoCloseable> {

    private final Lab spec;
    private final LockLab<C> lab;

    private LockSeam(Lab spec, LockLab<C> lab) {
        this.spec = spec;
        this.lab = lab;
    }

    /**
     * The seam of {@code code}'s lab, whose connections are {@code connectionType}.
     *
     * @throws IllegalArgumentException if the lab is not a lock lab
     */
    public static <C extends AutoCloseable> LockSeam<C> of(Implementation code, Class<C> connectionType) {
        Objects.requireNonNull(connectionType, "connectionType");
        LabBooking booking = code.load();
        if (!(booking instanceof LockLab<?> lockLab)) {
            throw new IllegalArgumentException(code + " is not a lock lab: " + booking.getClass().getName()
                    + " does not implement LockLab");
        }
        @SuppressWarnings("unchecked") // the grader names the connection type its own lab's seam declares
        LockLab<C> typed = (LockLab<C>) lockLab;
        return new LockSeam<>(code.lab(), typed);
    }

    /** The learner's lock of {@code seat} for {@code buyer} on {@code node}, on {@code connection}; it reports nothing. */
    public DistributedLock lock(C connection, String node, String buyer, String seat) {
        return lab.newLock(connection, request(node, buyer, seat, LockSteps.none(node, buyer)));
    }

    /** The same lock, with its steps reported to {@code steps} as a node reports them (for a history). */
    public ReportingLock reportedLock(C connection, String node, String buyer, String seat, StepListener steps) {
        LockSteps lockSteps = LockSteps.of(node, buyer, steps);
        DistributedLock lock = lab.newLock(connection, request(node, buyer, seat, lockSteps));
        return ReportingLock.around(lock, lockSteps, seat, lab.reportsItsOwnLockSteps());
    }

    /** A connection as a node of the lab opens it, to {@code services}. */
    public C connect(String node, Services services) throws Exception {
        return lab.connect(new NodeContext(spec, node, services, StepListener.NONE));
    }

    /** The check the lab puts in front of the seat database and the payment provider, if it has one (Lab 06). */
    public Optional<Fence> fence() {
        return lab.fence();
    }

    /** The name of {@code seat}'s lock in the lock service, for example {@code /lockstep/locks/A1}. */
    public String lockName(String seat) {
        return spec.lockName(seat);
    }

    /** The lab's spec. */
    public Lab spec() {
        return spec;
    }

    private LockRequest request(String node, String buyer, String seat, LockSteps steps) {
        return new LockRequest(node, buyer, seat, spec.lockName(seat), steps);
    }
}
