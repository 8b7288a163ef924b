package lockstep.workshop.lockserver.client;

import java.util.Objects;
import lockstep.workshop.lock.LockSteps;

/**
 * Reports what a lock server client does as the lock steps of one buyer's attempt, so that {@code lockstep book}
 * prints them, the history recorder times them and a race's fault can land on them, without the lab's code reporting
 * anything itself.
 *
 * <p>Each client step that changes what the buyer holds becomes a lock step at the client step's own point (for
 * example a grant at {@code setnx-granted} or at {@code acquire-granted}); the step's detail is the lock's name. A
 * holding is reported as the buyer can act on it: from the moment the grant has arrived until the moment the buyer
 * lets go, so the release comes at {@code before-release}, before the request is sent (the server may hand the lock
 * to the next buyer before our own answer is back). A renewal that finds the lease gone, and a release of a lock that
 * was no longer held, are both a lost lock: that is when the buyer learns it. The other points
 * ({@code before-renew}, {@code renew-sent}, {@code released}, ...) are not reported.
 *
 * <pre>{@code
 * LockServerClient locks = nodeClient.withListener(LockClientSteps.of(request.steps()));
 * }</pre>
 */
public final class LockClientSteps implements LockClientListener {

    private final LockSteps steps;

    private LockClientSteps(LockSteps steps) {
        this.steps = Objects.requireNonNull(steps, "steps");
    }

    /** Reports the client's steps as the lock steps of one attempt. */
    public static LockClientSteps of(LockSteps steps) {
        return new LockClientSteps(steps);
    }

    @Override
    public void onStep(LockClientStep step, String resource, String owner) {
        String point = step.label();
        switch (step) {
            case BEFORE_ACQUIRE, BEFORE_SETNX -> steps.asked(point, resource);
            case ACQUIRE_GRANTED, SETNX_GRANTED -> steps.granted(point, resource);
            case ACQUIRE_DENIED, SETNX_DENIED -> steps.denied(point, resource);
            // expire-set is the second half of the two-step acquire: the lease gets its end, as a renewal would.
            case RENEWED, EXPIRE_SET -> steps.renewed(point, resource);
            case RENEW_NOT_HELD, EXPIRE_NOT_HELD, RELEASE_NOT_HELD, RELEASE_BY_OWNER_NOT_HELD -> steps.lost(point, resource);
            // Before the request leaves: the server may hand the lock to the next buyer before our answer arrives.
            case BEFORE_RELEASE, BEFORE_RELEASE_BY_OWNER -> steps.released(point, resource);
            default -> {
                // Points that change nothing the buyer holds are not lock steps.
            }
        }
    }
}
