package lockstep.lab01;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Step;
import lockstep.workshop.grading.Grader;
import lockstep.workshop.grading.TwoBuyers;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The grader of Lab 01. Each check names a task of the README; the first group pins down the
 * order of two buyers with latches, so a check-then-act fails every time, not only when unlucky.
 */
@Grader
@DisplayName("Lab 01 · The ticket race")
class TicketDeskTest {

    private static final Implementation CODE = Implementation.of(Lab01.class);

    @Nested
    @Tag("task:1")
    @DisplayName("1. The database decides who gets a seat")
    class TheDatabaseDecides {

        @Test
        @DisplayName("Bob cannot buy the seat Alice is paying for")
        void bobCannotBuyTheSeatAliceIsPayingFor() throws Exception {
            TwoBuyers.Outcome outcome = aliceStopsWhilePaying();

            assertThat(outcome.audit().oversold())
                    .withFailMessage("Seat A1 was sold twice, to %s. Alice found A1 free and started to pay;"
                            + " while she paid, Bob found it free too and bought it. Checking and selling are"
                            + " two steps, and another node can run between them: make one statement do both.",
                            String.join(" and ", outcome.holdersOfA1()))
                    .isZero();
        }

        @Test
        @DisplayName("1,000 buyers on 10 nodes, 1 seat: exactly 1 is sold")
        void aThousandBuyersOneSeat() {
            AuditReport audit = Races.oneSeat().audit();

            assertExactlySold(audit, 1);
        }

        @Test
        @DisplayName("1,000 buyers on 10 nodes, 20 seats: each seat is sold exactly once")
        void aThousandBuyersTwentySeats() throws Exception {
            AuditReport audit = Race.run(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(20)).audit();

            assertExactlySold(audit, 20);
        }

        @Test
        @DisplayName("1,000 buyers on 10 separate processes, 3 seats: each seat is sold exactly once")
        void tenProcesses() throws Exception {
            // The first buyer to pay waits until a buyer of another process who wants the same seat has moved on:
            // another JVM is inside the first buyer's check-then-act every time, not only when the scheduler
            // happens to interleave the processes.
            RaceResult race = Race.run(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(3)
                    .fault(Fault.holdAt(Step.CHARGING.label())));
            AuditReport audit = race.audit();
            if (!race.fault().fired()) {
                fail("Inconclusive: no buyer ever started to pay, so no other process could be let into a payment."
                        + " A buyer who gets a seat must pay for it (office.charge(buyer)). Buyers were told: %s",
                        audit.failureReasons());
            }

            AuditReport threads = Races.oneSeat().audit();
            if (audit.oversold() > 0 && threads.oversold() == 0) {
                var worst = audit.worstSeat();
                fail("With 10 separate JVMs, %d buyers were each sold seat %s (%d extra sales in all), yet with every"
                        + " node in one JVM nobody was. Whatever keeps your buyers apart lives inside one process: a"
                        + " synchronized block or a java.util.concurrent lock stops only the threads of its own JVM,"
                        + " and the ten servers of a booking site are ten JVMs. Let the database decide instead.",
                        worst.getValue().size(), worst.getKey(), audit.oversold());
            }
            assertExactlySold(audit, 3);
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Charge the card only for a seat that is yours")
    class ChargeOnlyForYourSeat {

        @Test
        @DisplayName("Bob is not charged for the seat Alice is paying for")
        void bobIsNotCharged() throws Exception {
            TwoBuyers.Outcome outcome = aliceStopsWhilePaying();

            assertThat(outcome.audit().chargedWithoutSeat())
                    .withFailMessage("%s paid for seat A1 but did not get it. A card charge cannot be taken back:"
                            + " claim the seat first, and charge only the buyer whose claim succeeded.",
                            String.join(" and ", outcome.audit().chargedBuyers()))
                    .isZero();
        }

        @Test
        @DisplayName("1,000 buyers on 10 nodes: every buyer who gets a seat pays for it, once")
        void everyTicketIsPaidForOnce() {
            AuditReport audit = Races.oneSeat().audit();

            assertThat(audit.bookedWithoutCharge())
                    .withFailMessage("%d buyer(s) got a confirmation for a seat but were never charged (for example"
                            + " %s): the venue gave the ticket away. Claim the seat, then charge the card of the buyer"
                            + " whose claim succeeded, then confirm.", audit.bookedWithoutCharge(),
                            audit.unpaidBuyers())
                    .isZero();
            assertThat(audit.chargedTwice())
                    .withFailMessage("%d buyer(s) were charged more than once (for example %s). Charge each buyer"
                            + " once, after the claim.", audit.chargedTwice(), audit.twiceChargedBuyers())
                    .isZero();
        }

        @Test
        @DisplayName("1,000 buyers on 10 nodes: nobody pays without getting a seat")
        void nobodyPaysForNothing() {
            AuditReport audit = Races.oneSeat().audit();

            assertThat(audit.chargedWithoutSeat())
                    .withFailMessage("%d buyers paid but got no seat (for example %s). Charge the card only after"
                            + " the database has given the seat to this buyer.",
                            audit.chargedWithoutSeat(), audit.chargedBuyers())
                    .isZero();
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Tell every buyer the truth")
    class TellTheTruth {

        @Test
        @DisplayName("Bob is told A1 is taken while Alice is paying for it")
        void bobIsToldTheSeatIsTaken() throws Exception {
            TwoBuyers.Outcome outcome = aliceStopsWhilePaying();

            assertThat(outcome.bob())
                    .withFailMessage("Bob was told '%s' while Alice was paying for A1. When your UPDATE changes"
                            + " no row, someone else has the seat: answer Answer.taken(seat) and stop there.",
                            outcome.bob())
                    .isEqualTo(Answer.taken("A1"));
        }

        @Test
        @DisplayName("1,000 buyers on 10 nodes: every buyer gets one answer, and 'booked' means a seat")
        void everyBuyerGetsATrueAnswer() {
            AuditReport audit = Races.oneSeat().audit();

            assertThat(audit.unanswered())
                    .withFailMessage("%d of %d buyers never got an answer.", audit.unanswered(), audit.buyers())
                    .isZero();
            assertThat(audit.failed())
                    .withFailMessage("%d of %d buyers were told 'failed', for example: %s. A buyer who finds the seat"
                            + " sold must hear 'taken'; 'failed' tells them nothing.", audit.failed(), audit.buyers(),
                            audit.failureReasons())
                    .isZero();
            assertThat(audit.booked())
                    .withFailMessage("%d buyers were told 'booked', but %d confirmations were issued.",
                            audit.booked(), audit.sold())
                    .isEqualTo(audit.sold());
        }
    }

    /**
     * Alice stops the moment she starts to pay for A1, and Bob buys meanwhile. The pinned order is the whole point of
     * the check, so a run in which Alice never started to pay proves nothing.
     */
    private static TwoBuyers.Outcome aliceStopsWhilePaying() throws Exception {
        TwoBuyers.Outcome outcome = TwoBuyers.aliceWaitsAt(CODE, Step.CHARGING).run();
        if (!outcome.aliceWaited()) {
            fail("Inconclusive: Alice was to be stopped while her card was being charged for A1, but she never"
                    + " started to pay; she was told '%s'. A buyer who gets a seat must pay for it"
                    + " (office.charge(buyer)).", outcome.alice());
        }
        return outcome;
    }

    private static void assertExactlySold(AuditReport audit, int seats) {
        var worst = audit.worstSeat();
        assertThat(audit.oversold())
                .withFailMessage("%d buyers were each sold seat %s (%d extra sales in all). The check and the"
                        + " update are two steps another node can run between.",
                        worst == null ? 0 : worst.getValue().size(), worst == null ? "?" : worst.getKey(),
                        audit.oversold())
                .isZero();
        assertThat(audit.sold())
                .withFailMessage("%d of %d seats were sold; every seat had buyers. %s", audit.sold(), seats,
                        audit.failed() == 0 ? "" : audit.failed() + " buyers were told 'failed', for example: "
                                + audit.failureReasons())
                .isEqualTo(seats);
    }

    /** The 1,000-buyer race several checks look at, run once. */
    private static final class Races {

        private static RaceResult oneSeat;

        static synchronized RaceResult oneSeat() {
            if (oneSeat == null) {
                try {
                    oneSeat = Race.run(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1));
                } catch (Exception e) {
                    throw new IllegalStateException("the 1,000-buyer race could not run: " + e.getMessage(), e);
                }
            }
            return oneSeat;
        }
    }
}
