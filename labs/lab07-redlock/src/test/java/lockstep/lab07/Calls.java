package lockstep.lab07;

import java.time.Duration;
import lockstep.workshop.grading.LockCall;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lock.DistributedLock;

/** The learner's acquire and release as a check makes them: on a thread of their own, never hanging the grade. */
final class Calls {

    private Calls() {
    }

    /**
     * {@code who}'s {@code acquire(maxWait)}: true if it returned true within {@code maxWait} and a prompt event's
     * budget; false if it returned false, threw, or hung (then it is abandoned).
     */
    static boolean acquire(DistributedLock lock, String who, Duration maxWait) throws InterruptedException {
        LockCall call = LockCall.acquire(lock, who, maxWait);
        if (!call.awaitDone(maxWait.plus(Timing.forPromptEvent()))) {
            call.abandon();
            return false;
        }
        return call.returnedTrue();
    }

    /** {@code who}'s {@code release()}: true once it returned within a prompt event's budget, false if it hung. */
    static boolean release(DistributedLock lock, String who) throws InterruptedException {
        LockCall call = LockCall.release(lock, who);
        if (!call.awaitDone(Timing.forPromptEvent())) {
            call.abandon();
            return false;
        }
        return true;
    }
}
