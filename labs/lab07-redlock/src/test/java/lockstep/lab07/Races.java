package lockstep.lab07;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.RaceWithoutFaults;
import lockstep.workshop.grading.StallHints;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;

/**
 * The grader's races, and their verdict: what the seat database says, and whether the buyers' own lock steps ever
 * showed two holders of one lock at once. Without faults any overlap is a failure.
 */
final class Races {

    private Races() {
    }

    /**
     * Runs the race on {@code redis}'s servers, recording every lock step, and judges it as
     * {@link #assertOneHolderAtATime} does; a stall fails as {@link #run} says, pointing at {@code task}.
     */
    static void runAndJudge(RaceSetup setup, GraderRedis redis, int task) throws Exception {
        History history = new History();
        RaceResult race = run(setup.services(redis.services()).steps(history), task);
        assertOneHolderAtATime(race, history, redis);
    }

    /**
     * Runs the race; if its buyers stop making progress, fails with the race's account of who waits where. A key left
     * behind points at task 1 (release); buyers asleep on free keys at {@code task}.
     */
    static RaceResult run(RaceSetup setup, int task) throws Exception {
        return new StallHints(1, "A key that outlives its buyer blocks every buyer after it until it expires: does"
                + " release() delete your key on every server?", task, "").race(setup);
    }

    /**
     * One buyer per seat booked, every other told taken, none failed or unanswered, no two holders of one lock at once,
     * and no key left on any server of {@code redis} after the race.
     */
    static void assertOneHolderAtATime(RaceResult race, History history, GraderRedis redis) {
        RaceWithoutFaults.assertOneHolderAtATime(race, history);
        RaceWithoutFaults.assertEveryBuyerAnswered(race, "A buyer who waits for the lock must get it once the holder"
                + " lets go: retry until the wait runs out.");
        List<String> leftOver = redis.everyKey();
        assertThat(leftOver)
                .withFailMessage("After the race, when every buyer had let go, the servers still held %s: a key left"
                        + " behind blocks its seat until it expires. release() must delete your key on every server"
                        + " where it is still yours.", leftOver)
                .isEmpty();
    }
}
