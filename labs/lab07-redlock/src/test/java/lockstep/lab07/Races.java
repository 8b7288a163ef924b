package lockstep.lab07;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.grading.HintedFailure;
import lockstep.workshop.grading.History;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.race.RaceStalledException;

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

    /** Runs the race; if its buyers stop making progress, fails with the race's account of who waits where. */
    static RaceResult run(RaceSetup setup, int task) throws Exception {
        try {
            return Race.run(setup);
        } catch (RaceStalledException stalled) {
            throw HintedFailure.pointingAt(stalled.lockLeftHeld() ? 1 : task, stalled.getMessage()
                    + (stalled.lockLeftHeld() ? " A key that outlives its buyer blocks every buyer after it until it"
                            + " expires: does release() delete your key on every server?" : ""));
        }
    }

    /**
     * One buyer per seat booked, every other told taken, none failed or unanswered, no two holders of one lock at once,
     * and no key left on any server of {@code redis} after the race.
     */
    static void assertOneHolderAtATime(RaceResult race, History history, GraderRedis redis) {
        AuditReport audit = race.audit();
        int seats = race.setup().plan().seats();
        var worst = audit.worstSeat();
        assertThat(audit.oversold())
                .withFailMessage("%d buyers were each sold seat %s (%d extra sales in all): two buyers held one lock at"
                        + " once. %s", worst == null ? 0 : worst.getValue().size(), worst == null ? "?" : worst.getKey(),
                        audit.oversold(), history.overlaps().stream().findFirst()
                                .map(overlap -> "For example, " + overlap + ".").orElse(""))
                .isZero();
        assertThat(history.overlaps())
                .withFailMessage("No seat was oversold, but two buyers held one lock at once: %s. Nothing but luck kept"
                        + " them from selling a seat twice.", history.overlaps().stream().findFirst().orElse(null))
                .isEmpty();
        assertThat(audit.failed())
                .withFailMessage("%d of %d buyers were told 'failed' instead of 'taken', for example: %s. A buyer who"
                        + " waits for the lock must get it once the holder lets go: retry until the wait runs out.",
                        audit.failed(), audit.buyers(), audit.failureReasons())
                .isZero();
        assertThat(audit.sold())
                .withFailMessage("%d of %d seats were sold. Buyers were told: %s", audit.sold(), seats,
                        audit.failureReasons())
                .isEqualTo(seats);
        assertThat(audit.unanswered())
                .withFailMessage("%d of %d buyers never got an answer.", audit.unanswered(), audit.buyers())
                .isZero();
        List<String> leftOver = redis.everyKey();
        assertThat(leftOver)
                .withFailMessage("After the race, when every buyer had let go, the servers still held %s: a key left"
                        + " behind blocks its seat until it expires. release() must delete your key on every server"
                        + " where it is still yours.", leftOver)
                .isEmpty();
    }
}
