package lockstep.workshop.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.History;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.FaultReport;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The timeline of a race")
class TimelineTest {

    private static final long MS = 1_000_000;
    private final History history = new History();

    @Test
    @DisplayName("finds two holders of one lock at once, and places the overlap where it happened")
    void twoHoldersAtOnce() {
        at(0, "node-01", "ann", Step.LOCK_GRANTED, "A1");
        at(10, "node-02", "ben", Step.LOCK_GRANTED, "A1");
        at(30, "node-01", "ann", Step.LOCK_RELEASED, "A1");
        at(40, "node-02", "ben", Step.LOCK_RELEASED, "A1");

        Violation overlap = timeline(null).violations().get(0);

        assertThat(overlap.kind()).isEqualTo("two-holders");
        assertThat(overlap.sentence()).startsWith("ann and ben both held the lock of A1 for 20 ms, from 10.0 ms");
        assertThat(overlap.fromMs()).isEqualTo(10.0);
        assertThat(overlap.toMs()).isEqualTo(30.0);
        assertThat(overlap.spots()).extracting(Violation.Spot::buyer).containsExactly("ann", "ben");
    }

    @Test
    @DisplayName("draws the first 200 pairs of overlapping holders and counts the rest")
    void manyPairsOfHolders() {
        for (int i = 0; i < 30; i++) { // 30 holders at once: 435 pairs
            at(i, "node-01", "buyer-" + i, Step.LOCK_GRANTED, "A1");
        }
        for (int i = 0; i < 30; i++) {
            at(100 + i, "node-01", "buyer-" + i, Step.LOCK_RELEASED, "A1");
        }

        List<Violation> violations = timeline(null).violations();

        assertThat(violations).hasSize(201);
        assertThat(violations).filteredOn(violation -> violation.spots().isEmpty()).singleElement()
                .extracting(Violation::sentence).asString()
                .startsWith("And 235 more pairs of buyers held one lock at once");
    }

    @Test
    @DisplayName("finds a seat confirmed to two buyers, and names both with their times")
    void seatConfirmedTwice() {
        at(0, "node-01", "ann", Step.SEAT_CONFIRMED, "A1");
        at(5, "node-02", "ben", Step.SEAT_CONFIRMED, "A1");
        at(6, "node-02", "cat", Step.SEAT_CONFIRMED, "A2");

        assertThat(timeline(null).violations()).singleElement().satisfies(violation -> {
            assertThat(violation.kind()).isEqualTo("seat-sold-twice");
            assertThat(violation.sentence()).startsWith("Seat A1 was confirmed to 2 buyers: ann at 0.0 ms, ben at 5.0 ms.");
        });
    }

    @Test
    @DisplayName("finds a buyer charged who never confirmed a seat, and says when the fault excuses it")
    void chargedWithoutSeat() {
        at(0, "node-01", "ann", Step.CARD_CHARGED, "A1");
        at(1, "node-01", "ann", Step.ANSWERED, "taken A1");
        at(2, "node-02", "ben", Step.CARD_CHARGED, "A1");
        FaultReport kill = new FaultReport(Fault.killAt("card-charged"), true, "node-02", "ben", 3 * MS);

        List<Violation> violations = timeline(kill).violations();

        assertThat(violations).extracting(Violation::sentence).containsExactly(
                "ann on node-01 was charged for A1 at 0.0 ms and never confirmed a seat.",
                "ben on node-02 was charged for A1 at 2.0 ms and never confirmed a seat"
                        + " (the fault hit node-02, which excuses this).");
    }

    @Test
    @DisplayName("finds nothing wrong in a clean hand-over of the lock and the seat")
    void cleanRace() {
        at(0, "node-01", "ann", Step.LOCK_ASKED, "A1");
        at(1, "node-01", "ann", Step.LOCK_GRANTED, "A1");
        at(1, "node-02", "ben", Step.LOCK_ASKED, "A1");
        at(2, "node-01", "ann", Step.CARD_CHARGED, "A1");
        at(3, "node-01", "ann", Step.SEAT_CONFIRMED, "A1");
        at(4, "node-01", "ann", Step.LOCK_RELEASED, "A1");
        at(5, "node-02", "ben", Step.LOCK_GRANTED, "A1");
        at(6, "node-02", "ben", Step.LOCK_RELEASED, "A1");

        assertThat(timeline(null).violations()).isEmpty();
    }

    @Test
    @DisplayName("packs the buyers of a node onto as many rows as it served at once")
    void packsBuyersOntoRows() {
        // node-01 serves two at a time: ann and ben together, then cat after ann, dan after ben.
        at(0, "node-01", "ann", Step.SEAT_CHECKED, "A1 is free");
        at(0, "node-01", "ben", Step.SEAT_CHECKED, "A1 is free");
        at(10, "node-01", "ann", Step.ANSWERED, "taken A1");
        at(12, "node-01", "ben", Step.ANSWERED, "taken A1");
        at(11, "node-01", "cat", Step.SEAT_CHECKED, "A1 is free");
        at(13, "node-01", "dan", Step.SEAT_CHECKED, "A1 is free");
        at(20, "node-01", "cat", Step.ANSWERED, "taken A1");
        at(20, "node-01", "dan", Step.ANSWERED, "taken A1");
        at(0, "node-02", "eve", Step.ANSWERED, "taken A1");

        Timeline timeline = timeline(null);

        assertThat(timeline.nodes()).containsExactly("node-01", "node-02", "node-03");
        assertThat(timeline.rowsOf("node-01")).isEqualTo(2);
        assertThat(timeline.rowsOf("node-02")).isEqualTo(1);
        assertThat(timeline.rowsOf("node-03")).as("a node without buyers still has its lane").isEqualTo(1);
    }

    @Test
    @DisplayName("draws a pause as a band as wide as the pause")
    void pauseBand() {
        at(0, "node-01", "ann", Step.CHARGING, "A1");
        FaultReport pause = new FaultReport(Fault.pauseAt("charging", Duration.ofMillis(300)), true, "node-01", "ann", 0);

        Timeline timeline = timeline(pause);

        assertThat(timeline.hasFaultBand()).isTrue();
        assertThat(timeline.toData().get("fault")).asString()
                .contains("from=0.0", "to=300.0", "node-01 paused for 300 ms when ann reached charging");
    }

    private Timeline timeline(FaultReport fault) {
        return Timeline.of("test", false, "test", List.of("node-01", "node-02", "node-03"), history, fault);
    }

    private void at(long ms, String node, String buyer, Step step, String detail) {
        history.on(new StepEvent(node, buyer, step, step.label(), detail, ms * MS));
    }
}
