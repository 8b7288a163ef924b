package lockstep.workshop.lab;

import java.util.Objects;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.lockserver.client.LockClientListener;
import lockstep.workshop.lockserver.client.LockClientStep;

/**
 * Reports what a lock server client does as the booking steps of one buyer, so that {@code lockstep book} prints
 * them, the history recorder times them and a race's fault can land on them, without the lab's code reporting
 * anything itself.
 *
 * <p>Each client step that changes what the buyer holds becomes a {@link Step}, at the client step's own point (for
 * example {@link Step#LOCK_GRANTED} at {@code setnx-granted} or at {@code acquire-granted}); the event's detail is the
 * lock's name. A holding is reported as the buyer can act on it: from the moment the grant has arrived until the
 * moment the buyer lets go, so {@link Step#LOCK_RELEASED} comes at {@code before-release}, before the request is sent
 * (the server may hand the lock to the next buyer before our own answer is back). A renewal that finds the lease gone,
 * and a release of a lock that was no longer held, are both {@link Step#LOCK_LOST}: that is when the buyer learns it.
 * The other points ({@code before-renew}, {@code renew-sent}, {@code released}, ...) are not reported.
 *
 * <pre>{@code
 * LockServerClient locks = nodeClient.withListener(LockClientSteps.of(node, buyer));
 * }</pre>
 */
public final class LockClientSteps implements LockClientListener {

    private final String node;
    private final String buyer;
    private final StepListener steps;

    private LockClientSteps(String node, String buyer, StepListener steps) {
        this.node = Objects.requireNonNull(node, "node");
        this.buyer = Objects.requireNonNull(buyer, "buyer");
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** Reports the lock steps of {@code buyer} to the steps listener of the node serving them. */
    public static LockClientSteps of(NodeContext node, Buyer buyer) {
        return new LockClientSteps(node.name(), buyer.id(), node.steps());
    }

    @Override
    public void onStep(LockClientStep step, String resource, String owner) {
        Step booking = bookingStepOf(step);
        if (booking != null) {
            steps.on(StepEvent.now(node, buyer, booking, step.label(), resource));
        }
    }

    /** The booking step a client step stands for, or null when the buyer's holdings did not change. */
    static Step bookingStepOf(LockClientStep step) {
        return switch (step) {
            case BEFORE_ACQUIRE, BEFORE_SETNX -> Step.LOCK_ASKED;
            case ACQUIRE_GRANTED, SETNX_GRANTED -> Step.LOCK_GRANTED;
            case ACQUIRE_DENIED, SETNX_DENIED -> Step.LOCK_DENIED;
            // expire-set is the second half of the two-step acquire: the lease gets its end, as a renewal would.
            case RENEWED, EXPIRE_SET -> Step.LOCK_RENEWED;
            case RENEW_NOT_HELD, EXPIRE_NOT_HELD, RELEASE_NOT_HELD, RELEASE_BY_OWNER_NOT_HELD -> Step.LOCK_LOST;
            // Before the request leaves: the server may hand the lock to the next buyer before our answer arrives.
            case BEFORE_RELEASE, BEFORE_RELEASE_BY_OWNER -> Step.LOCK_RELEASED;
            default -> null;
        };
    }
}
