package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import org.apache.zookeeper.ZooKeeper;

/**
 * The verdict on Alice, who lost her session while she held A1's lock and went on working: the same checks in every
 * ZooKeeper lock lab, for {@link ExpiryWhileWorking} and {@link DisconnectWhileWorking}, in each lab's own words for
 * what its lock got wrong. Each verdict first rules out a run whose fault did not land where it had to (it then says
 * <em>Inconclusive</em>), then asks the seat database, Bob and Alice.
 *
 * @param sessionTimeout        how long the lab's sessions last
 * @param deletedWithHerSession what ZooKeeper deleted when her session expired ("her znode")
 * @param ifBobStillWaits       what to add when Bob had no answer at all, or empty
 * @param herZnode              her lock's znode, as the lab calls it ("her znode")
 * @param whyTheNewsIsLate      what to add when her client had not told every watcher of the expiry, or empty
 * @param whoHeardDisconnected  whom her client must tell it was Disconnected ("every watcher her lock set")
 * @param soldTwiceAfterExpiry  why A1 was sold twice after her session expired: what her lock should have done
 * @param soldTwiceAfterCut     why A1 was sold twice after she was cut off: what her lock should have done
 */
public record LostLockVerdict(Duration sessionTimeout, String deletedWithHerSession, String ifBobStillWaits,
        String herZnode, String whyTheNewsIsLate, String whoHeardDisconnected, String soldTwiceAfterExpiry,
        String soldTwiceAfterCut) {

    /** Fails unless Alice, whose session expired after she paid, was told the lock is lost, and Bob got A1. */
    public void assertAliceStopped(ExpiryWhileWorking.Outcome outcome) {
        assertThat(outcome.alicePaid())
                .withFailMessage("Inconclusive: Alice never got as far as paying for A1, so her session could not"
                        + " expire while she worked. She was told: %s", outcome.alice())
                .isTrue();
        assertThat(outcome.newsHeard())
                .withFailMessage("Inconclusive: Alice's session expired on the server, but %d s later her client"
                        + " had not yet told every watcher%s, so Bob was not let in.",
                        Timing.forExpiryOf(sessionTimeout).plus(Timing.forPromptEvent()).toSeconds(),
                        whyTheNewsIsLate.isEmpty() ? "" : " " + whyTheNewsIsLate)
                .isTrue();
        assertSoldOnce(outcome.audit(), soldTwiceAfterExpiry);
        assertBobGotA1(outcome.bob());
        assertThat(outcome.alice())
                .withFailMessage("Alice lost her session while she held A1's lock, and was told '%s'. She must be"
                        + " told the booking failed, and must not confirm A1.", outcome.alice())
                .isInstanceOf(Answer.Failed.class);
    }

    /**
     * Fails unless Alice, cut off after she paid and going on as soon as her client heard Disconnected, was told the
     * lock is lost, and Bob got A1.
     */
    public void assertAliceStopped(DisconnectWhileWorking.Outcome outcome) {
        assertThat(outcome.alicePaid())
                .withFailMessage("Inconclusive: Alice never got as far as paying for A1, so her connection could not"
                        + " be cut while she worked. She was told: %s", outcome.alice())
                .isTrue();
        assertThat(outcome.disconnectHeard())
                .withFailMessage("Inconclusive: %d s after her connection was cut, Alice's client had not yet told"
                        + " %s that it was Disconnected, so she could not go on at that moment. (Does one of your"
                        + " watchers block? ZooKeeper calls them one at a time.)", Timing.forPromptEvent().toSeconds(),
                        whoHeardDisconnected)
                .isTrue();
        assertThat(outcome.expiredHeard())
                .withFailMessage("Inconclusive: Alice's client heard Expired before she went on, although it was"
                        + " cut off from every server; the check meant to let her go with only Disconnected heard.")
                .isFalse();
        assertThat(outcome.stateWhenAliceWentOn())
                .withFailMessage("Inconclusive: when Alice went on, her client already said %s rather than"
                        + " CONNECTED, so this run could not tell a lock that acts on Disconnected from one that"
                        + " asks getState(). Her thread was held up for a second or more; run the grade again on"
                        + " a quieter machine.", outcome.stateWhenAliceWentOn())
                .isEqualTo(ZooKeeper.States.CONNECTED);
        assertSoldOnce(outcome.audit(), soldTwiceAfterCut);
        assertBobGotA1(outcome.bob());
        assertThat(outcome.alice())
                .withFailMessage("Alice's client had heard Disconnected, and %s was gone with her session, but %s."
                        + " She must be told the booking failed, and must not confirm A1.", herZnode,
                        outcome.alice() == null ? "she had no answer " + Timing.forPromptEvent().toSeconds()
                                + " s after her client could reach the server again"
                                : "she was told '" + outcome.alice() + "'")
                .isInstanceOf(Answer.Failed.class);
    }

    private static void assertSoldOnce(AuditReport audit, String why) {
        assertThat(audit.oversold())
                .withFailMessage("Seat A1 was sold twice, to %s. %s",
                        String.join(" and ", audit.buyersPerSeat().getOrDefault("A1", List.of())), why)
                .isZero();
    }

    private void assertBobGotA1(Answer bob) {
        assertThat(bob)
                .withFailMessage("Alice's session expired and ZooKeeper deleted %s, yet Bob was told '%s' within %d s"
                        + " instead of getting A1.%s", deletedWithHerSession, bob, Timing.forPromptEvent().toSeconds(),
                        bob == null && !ifBobStillWaits.isEmpty() ? " " + ifBobStillWaits : "")
                .isEqualTo(Answer.booked("A1"));
    }
}
