package lockstep.workshop.grading;

import java.util.concurrent.Callable;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.race.RaceStalledException;

/**
 * What a grader adds when its race stops making progress, and which task's hint it points at. A race tells apart the
 * two ways a lock stalls: a lock left held by nobody the history knows (a release that does not let go, a buyer that
 * left without cleaning up), and buyers asleep while the lock is free (a waiter never woken). Each lab says in its
 * own terms what the likely mistake is.
 *
 * @param leftHeldTask the task whose hint fits a lock left held
 * @param ifLeftHeld   what follows the race's account when a lock was left held, or empty
 * @param asleepTask   the task whose hint fits buyers asleep on a free lock
 * @param ifAsleep     what follows the race's account when the buyers sleep on a free lock, or empty
 */
public record StallHints(int leftHeldTask, String ifLeftHeld, int asleepTask, String ifAsleep) {

    /** Runs the race of {@code setup}; if it stalls, fails as {@link #orSayWhereItStopped} does. */
    public RaceResult race(RaceSetup setup) throws Exception {
        return orSayWhereItStopped(() -> Race.run(setup));
    }

    /**
     * Runs {@code race}; if its buyers stop making progress, fails with the race's account of who waits where, and this
     * lab's word on the likely mistake, pointing the hint at its task.
     */
    public <T> T orSayWhereItStopped(Callable<T> race) throws Exception {
        try {
            return race.call();
        } catch (RaceStalledException stalled) {
            String advice = stalled.lockLeftHeld() ? ifLeftHeld : ifAsleep;
            throw HintedFailure.pointingAt(stalled.lockLeftHeld() ? leftHeldTask : asleepTask,
                    stalled.getMessage() + (advice.isEmpty() ? "" : " " + advice));
        }
    }
}
