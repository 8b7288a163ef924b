package lockstep.workshop.timeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.browser.HeadlessChromium;
import lockstep.workshop.grading.History;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.testlabs.TestLabs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Loads timelines of real races in headless Chromium and checks what the page drew. Where no Chromium is installed
 * these tests say so and are skipped; CI installs one ({@code .ci/run}). Screenshots go to {@code target/timeline/}.
 */
@DisplayName("The timeline page, in a real browser")
class TimelineInBrowserTest {

    private static final Path PICTURES = Path.of("target", "timeline");
    private static final HeadlessChromium chromium = HeadlessChromium.find().orElse(null);

    @BeforeEach
    void requireChromium() {
        assumeTrue(chromium != null, "No Chromium is installed here (/usr/bin/chromium, or -Dlockstep.chromium=PATH),"
                + " so the timeline's browser tests are skipped. Install it with: apt-get install -y chromium");
    }

    @Test
    @DisplayName("draws the naive check-then-act's double sales in red, with one lane per node")
    void naiveCodeShowsItsDoubleSales() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.CheckThenAct.class))
                .buyers(300).nodes(4).seats(1));
        assertThat(result.audit().oversold())
                .as("8 buyers per node check the free seat before anyone confirms it, so the naive code oversells")
                .isPositive();

        DrawnPage page = load(result, "check-then-act");

        assertThat(page.lanes()).containsExactly("node-01", "node-02", "node-03", "node-04");
        assertThat(page.violations("seat-sold-twice"))
                .as("the page lists the seat the audit found sold to %d buyers", result.audit().sold())
                .singleElement().asString().startsWith("Seat A1 was confirmed to " + result.audit().sold() + " buyers: ");
        assertThat(page.path("violation-mark")).as("the double sales are ringed in red on the chart").isNotEmpty();
        assertThat(page.faultBandWidth()).as("a race without a fault draws no fault band").isEqualTo(-1);
    }

    @Test
    @DisplayName("draws no violation for a correct conditional update, and the pause as a band across the lanes")
    void correctCodeUnderAPause() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(60).nodes(3).seats(1).fault(Fault.pauseAt("charging", Duration.ofMillis(300))));
        assertThat(result.fault().fired()).as("the pause struck the buyer who claimed the seat").isTrue();
        assertThat(result.verdict().correct()).as(result.verdict().sentence()).isTrue();

        DrawnPage page = load(result, "conditional-update-paused");

        assertThat(page.lanes()).containsExactly("node-01", "node-02", "node-03");
        assertThat(page.violationCount()).isZero();
        assertThat(page.text()).contains("None: no two holders of one lock at once");
        assertThat(page.path("violation-mark")).isEmpty();
        assertThat(page.path("violation-span")).isEmpty();
        assertThat(page.path("mark-confirm")).as("the one sale is marked").isNotEmpty();
        assertThat(page.faultBandWidth()).as("the pause's band").isGreaterThan(2);
        assertThat(page.text()).contains(result.fault().node() + " paused for 300 ms when " + result.fault().buyer()
                + " reached charging");
    }

    @Test
    @DisplayName("opens on the time range and the buyer that its link names, with that buyer's steps")
    void linkToARangeAndABuyer() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(100).nodes(2).seats(1));
        List<StepEvent> events = result.history().events();
        StepEvent sale = events.stream().filter(event -> event.step() == Step.SEAT_CONFIRMED).findFirst().orElseThrow();
        // The whole milliseconds of the race: a range the page shows as asked, since it lies within the race.
        long until = (events.get(events.size() - 1).nanoTime() - events.get(0).nanoTime()) / 1_000_000;
        Path html = TimelinePage.write(result, PICTURES.resolve("link.html"));

        DrawnPage page = new DrawnPage(chromium.dumpDom(html.toUri() + "#from=0&to=" + until + "&buyer=" + sale.buyer()));

        assertThat(page.rootAttribute("data-errors")).as("errors the page logged").isEmpty();
        assertThat(page.rootAttribute("data-view")).as("the time range shown").isEqualTo("0-" + until);
        assertThat(page.text()).contains("<div id=\"details\" data-buyer=\"" + sale.buyer() + "\">")
                .contains(sale.buyer() + " on " + sale.node() + ": booked A1")
                .contains("<td>seat confirmed</td>", "<td>answered</td>");
    }

    @Test
    @DisplayName("paints two holders of one lock at once as red spans on both holders' rows")
    void twoHoldersInRed() throws Exception {
        History history = new History();
        long zero = System.nanoTime();
        step(history, zero, 0, "node-01", "buyer-1", Step.LOCK_ASKED);
        step(history, zero, 1, "node-01", "buyer-1", Step.LOCK_GRANTED);
        step(history, zero, 2, "node-02", "buyer-2", Step.LOCK_ASKED);
        step(history, zero, 10, "node-02", "buyer-2", Step.LOCK_GRANTED);
        step(history, zero, 30, "node-01", "buyer-1", Step.LOCK_RELEASED);
        step(history, zero, 40, "node-02", "buyer-2", Step.LOCK_RELEASED);
        Timeline timeline = Timeline.of("Two holders", false, "two holders", List.of("node-01", "node-02"), history, null);

        DrawnPage page = load(TimelinePage.write(timeline, PICTURES.resolve("two-holders.html")), "two-holders");

        assertThat(page.violations("two-holders")).singleElement().asString()
                .startsWith("buyer-1 and buyer-2 both held the lock of A1 for 20 ms, from 10.0 ms");
        assertThat(page.path("violation-span").split("z")).as("one red span on each holder's row").hasSize(2);
        assertThat(page.path("wait")).as("buyer-2 waited for the lock").isNotEmpty();
        assertThat(page.path("hold")).isNotEmpty();
    }

    @Test
    @DisplayName("draws a 1,000-buyer race into one small SVG")
    void thousandBuyers() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.CheckThenAct.class))
                .buyers(1000).nodes(10).seats(1));

        DrawnPage page = load(result, "thousand-buyers");

        assertThat(page.rootAttribute("data-buyers")).isEqualTo("1000");
        assertThat(page.lanes()).hasSize(10);
        assertThat(page.elementsInChart()).as("a path per kind of bar or mark, not an element per buyer").isLessThan(200);
        System.out.printf("timeline of 1,000 buyers: %,d bytes, drawn %s ms after navigation, %s elements%n",
                Files.size(PICTURES.resolve("thousand-buyers.html")), page.rootAttribute("data-drawn-ms"),
                page.rootAttribute("data-elements"));
    }

    private static DrawnPage load(RaceResult result, String name) throws Exception {
        return load(TimelinePage.write(result, PICTURES.resolve(name + ".html")), name);
    }

    /** Loads the page, requires that its script drew it without an error, and saves its screenshot. */
    private static DrawnPage load(Path html, String name) throws Exception {
        DrawnPage page = new DrawnPage(chromium.dumpDom(html));
        assertThat(page.rootAttribute("data-errors")).as("errors the page logged").isEmpty();
        assertThat(page.rootAttribute("data-drawn")).as("the page's script finished drawing").isEqualTo("yes");
        chromium.screenshot(html, PICTURES.resolve(name + ".png"));
        return page;
    }

    private static void step(History history, long zero, long ms, String node, String buyer, Step step) {
        history.on(new StepEvent(node, buyer, step, step.label(), "A1", zero + ms * 1_000_000));
    }
}
