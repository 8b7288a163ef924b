package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.race.RaceResult;

/**
 * The verdict every lock lab's grader passes on a race without faults, in two parts a grader calls in order (a lab
 * may check something of its own between them, such as the order of a queue):
 *
 * <ol>
 *   <li>{@link #assertOneHolderAtATime}: the seat database sold no seat twice, and the buyers' own lock steps never
 *       showed two holders of one lock at once. Without faults any overlap is a failure, even one that luck kept
 *       from selling a seat twice.</li>
 *   <li>{@link #assertEveryBuyerAnswered}: nobody was told "failed", every seat was sold, every buyer had an
 *       answer.</li>
 * </ol>
 *
 * What is left behind after the race (a znode, a key) is the lab's own question: each lock service shows it its own
 * way.
 */
public final class RaceWithoutFaults {

    private RaceWithoutFaults() {
    }

    /** Fails if a seat was sold twice, or if {@code history} shows two holders of one lock at once. */
    public static void assertOneHolderAtATime(RaceResult race, History history) {
        AuditReport audit = race.audit();
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
    }

    /**
     * Fails if a buyer was told "failed", a seat went unsold, or a buyer had no answer. {@code adviceOnFailures}, if
     * not empty, follows the count of failed buyers: what a lab's learners most often got wrong to cause them.
     */
    public static void assertEveryBuyerAnswered(RaceResult race, String adviceOnFailures) {
        AuditReport audit = race.audit();
        int seats = race.setup().plan().seats();
        assertThat(audit.failed())
                .withFailMessage("%d of %d buyers were told 'failed' instead of 'taken', for example: %s.%s",
                        audit.failed(), audit.buyers(), audit.failureReasons(),
                        adviceOnFailures.isEmpty() ? "" : " " + adviceOnFailures)
                .isZero();
        assertThat(audit.sold())
                .withFailMessage("%d of %d seats were sold.", audit.sold(), seats)
                .isEqualTo(seats);
        assertThat(audit.unanswered())
                .withFailMessage("%d of %d buyers never got an answer.", audit.unanswered(), audit.buyers())
                .isZero();
    }
}
