package lockstep.workshop.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.History;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.FaultReport;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceVerdict;

/**
 * What the timeline page of one race draws, worked out from the race's history: a lane per node, each buyer on
 * a row of its node's lane (buyers of one node packed so that their bars never overlap), each buyer's attempt
 * from first step to answer, lock waits and holds as bars, the fault as a band across the lanes, and every
 * violation with a sentence.
 *
 * <p>Times are milliseconds from the race's first step, on the one clock every node shares. The violations come
 * from the history, so they can be placed in time; the page also shows the race's verdict, which the audit of
 * the seat database decides.
 */
public final class Timeline {

    /** A violation's sentence names at most this many buyers; the rest are counted. */
    private static final int NAMED_AT_MOST = 5;
    /** The page draws at most this many pairs of overlapping holders. */
    private static final int PAIRS_AT_MOST = 200;

    private final Map<String, Object> heading;
    private final List<String> nodes;
    private final List<Track> tracks;
    private final List<Violation> violations;
    private final Map<String, Object> fault;
    private final double endMs;

    private Timeline(Map<String, Object> heading, List<String> nodes, List<Track> tracks,
            List<Violation> violations, Map<String, Object> fault, double endMs) {
        this.heading = heading;
        this.nodes = nodes;
        this.tracks = tracks;
        this.violations = violations;
        this.fault = fault;
        this.endMs = endMs;
    }

    /** The timeline of a race that ran. */
    public static Timeline of(RaceResult result) {
        RaceVerdict verdict = result.verdict();
        String title = "Lab " + result.setup().code().lab().id() + " (" + result.setup().code().name() + "): "
                + String.format(java.util.Locale.ROOT, "%,d", result.setup().plan().buyers()) + " buyers, " + result.setup().plan().nodes() + " nodes, "
                + result.setup().plan().seats() + (result.setup().plan().seats() == 1 ? " seat, " : " seats, ")
                + result.setup().mode();
        return of(title, verdict.correct(), verdict.sentence(), result.setup().plan().nodeNames(),
                result.history(), result.fault());
    }

    /**
     * The timeline of any recorded history.
     *
     * @param title    the page's heading
     * @param correct  whether the verdict says every rule held
     * @param verdict  the verdict's sentence
     * @param nodes    the nodes in the order of their lanes; nodes seen only in the history are added after them
     * @param history  every step of every buyer
     * @param fault    where the race's fault landed, or null without one
     */
    public static Timeline of(String title, boolean correct, String verdict, List<String> nodes, History history,
            FaultReport fault) {
        List<StepEvent> events = new ArrayList<>();
        for (StepEvent event : history.events()) {
            if (!event.buyer().equals("-")) { // a step reported outside any buyer's booking belongs to no row
                events.add(event);
            }
        }
        long zero = events.isEmpty() ? (fault != null && fault.fired() ? fault.nanoTime() : 0) : events.get(0).nanoTime();
        double lastStep = events.isEmpty() ? 0 : ms(events.get(events.size() - 1).nanoTime(), zero);
        Map<String, Object> faultBand = faultBand(fault, zero);
        double end = Math.max(lastStep, faultBand == null ? 0 : (double) faultBand.get("to"));

        Set<String> lanes = new LinkedHashSet<>(nodes);
        Map<String, List<StepEvent>> stepsOfBuyer = new LinkedHashMap<>();
        for (StepEvent event : events) {
            lanes.add(event.node());
            stepsOfBuyer.computeIfAbsent(event.buyer(), buyer -> new ArrayList<>()).add(event);
        }
        Map<String, List<History.Holding>> holdingsOf = new HashMap<>();
        for (History.Holding holding : history.holdings()) {
            holdingsOf.computeIfAbsent(holding.holder(), buyer -> new ArrayList<>()).add(holding);
        }
        List<Track> tracks = new ArrayList<>();
        stepsOfBuyer.forEach((buyer, steps) -> tracks.add(Track.of(buyer, steps, holdingsOf.getOrDefault(buyer, List.of()), zero, end)));
        RowPacking.pack(tracks);

        List<Violation> violations = new ArrayList<>();
        violations.addAll(twoHolders(history, zero, fault));
        violations.addAll(seatsSoldTwice(events, zero));
        violations.addAll(chargedWithoutSeat(stepsOfBuyer, zero, fault));
        violations.sort((a, b) -> Double.compare(a.fromMs(), b.fromMs()));

        Map<String, Object> heading = new LinkedHashMap<>();
        heading.put("title", title);
        heading.put("correct", correct);
        heading.put("verdict", verdict);
        return new Timeline(heading, List.copyOf(lanes), tracks, List.copyOf(violations), faultBand, end);
    }

    /** Every violation the history shows, earliest first. */
    public List<Violation> violations() {
        return violations;
    }

    /** The nodes, one lane each, in the order drawn. */
    public List<String> nodes() {
        return nodes;
    }

    /** How many rows the buyers of {@code node} need so that no two of their attempts overlap. */
    public int rowsOf(String node) {
        return tracks.stream().filter(track -> track.node.equals(node)).mapToInt(track -> track.row + 1).max().orElse(1);
    }

    /** Whether the page draws a fault band. */
    public boolean hasFaultBand() {
        return fault != null;
    }

    /** What the page's script draws, as plain maps and lists for the JSON writer. */
    Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("heading", heading);
        data.put("endMs", round(endMs));
        List<Map<String, Object>> lanes = new ArrayList<>();
        for (String node : nodes) {
            lanes.add(Map.of("node", node, "rows", rowsOf(node)));
        }
        data.put("lanes", lanes);
        data.put("buyers", tracks.stream().map(Track::toData).toList());
        data.put("violations", violations.stream().map(Timeline::violationData).toList());
        Map<String, String> stepWords = new LinkedHashMap<>();
        for (Step step : Step.values()) {
            stepWords.put(step.name(), step.words());
        }
        data.put("stepWords", stepWords);
        if (fault != null) {
            data.put("fault", fault);
        }
        return data;
    }

    // ---- the violations -------------------------------------------------------------------------------------

    private static List<Violation> twoHolders(History history, long zero, FaultReport fault) {
        Fault.Action struck = fault != null && fault.fired() ? fault.fault().action() : null;
        List<Violation> found = new ArrayList<>();
        List<History.Overlap> overlaps = history.overlaps();
        for (History.Overlap overlap : overlaps.subList(0, Math.min(overlaps.size(), PAIRS_AT_MOST))) {
            double from = ms(overlap.fromNanos(), zero);
            double to = ms(overlap.fromNanos() + overlap.overlapNanos(), zero);
            String sentence = overlap + ", from " + format(from) + " ms, by their own steps (a holder whose lease ran"
                    + " out unnoticed still counts)."
                    + (struck == Fault.Action.PAUSE ? " A paused holder can outlive its lease even with a correct"
                            + " lock: what counts is what the seat database accepted." : "")
                    + (struck == Fault.Action.STRIKE_REDIS ? " A Redis server that forgets a lock can hand it out"
                            + " again even under a correct Redlock: what counts is what the seat database accepted."
                            : "");
            found.add(new Violation("two-holders", sentence, from, to, List.of(
                    new Violation.Spot(overlap.firstHolder(), from, to),
                    new Violation.Spot(overlap.secondHolder(), from, to))));
        }
        if (overlaps.size() > PAIRS_AT_MOST) {
            // A lock that lets everyone in makes pairs by the hundred thousand: draw the first ones, count the rest.
            List<History.Overlap> rest = overlaps.subList(PAIRS_AT_MOST, overlaps.size());
            double from = rest.stream().mapToDouble(overlap -> ms(overlap.fromNanos(), zero)).min().orElse(0);
            double to = rest.stream().mapToDouble(overlap -> ms(overlap.fromNanos() + overlap.overlapNanos(), zero))
                    .max().orElse(from);
            found.add(new Violation("two-holders", "And " + rest.size() + " more pairs of buyers held one lock at once,"
                    + " from " + format(from) + " to " + format(to) + " ms (the page draws the first " + PAIRS_AT_MOST + ").",
                    from, Math.max(from, to), List.of()));
        }
        return found;
    }

    private static List<Violation> seatsSoldTwice(List<StepEvent> events, long zero) {
        Map<String, List<StepEvent>> confirmationsOf = new LinkedHashMap<>();
        for (StepEvent event : events) {
            if (event.step() == Step.SEAT_CONFIRMED) {
                confirmationsOf.computeIfAbsent(event.detail(), seat -> new ArrayList<>()).add(event);
            }
        }
        List<Violation> found = new ArrayList<>();
        confirmationsOf.forEach((seat, confirmations) -> {
            if (confirmations.stream().map(StepEvent::buyer).distinct().count() < 2) {
                return;
            }
            List<String> named = new ArrayList<>();
            List<Violation.Spot> spots = new ArrayList<>();
            for (StepEvent confirmation : confirmations) {
                double at = ms(confirmation.nanoTime(), zero);
                spots.add(new Violation.Spot(confirmation.buyer(), at, at));
                if (named.size() < NAMED_AT_MOST) {
                    named.add(confirmation.buyer() + " at " + format(at) + " ms");
                }
            }
            int more = confirmations.size() - named.size();
            String sentence = "Seat " + seat + " was confirmed to " + confirmations.size() + " buyers: "
                    + String.join(", ", named) + (more > 0 ? " and " + more + " more" : "")
                    + ". Only the first may have it; each later one was sold a seat that was already gone.";
            found.add(new Violation("seat-sold-twice", sentence, spots.get(0).fromMs(),
                    spots.get(spots.size() - 1).fromMs(), spots));
        });
        return found;
    }

    private static List<Violation> chargedWithoutSeat(Map<String, List<StepEvent>> stepsOfBuyer, long zero, FaultReport fault) {
        List<Violation> found = new ArrayList<>();
        stepsOfBuyer.forEach((buyer, steps) -> {
            StepEvent charged = steps.stream().filter(step -> step.step() == Step.CARD_CHARGED).findFirst().orElse(null);
            boolean confirmed = steps.stream().anyMatch(step -> step.step() == Step.SEAT_CONFIRMED);
            if (charged == null || confirmed) {
                return;
            }
            double at = ms(charged.nanoTime(), zero);
            boolean hitByFault = fault != null && fault.fired() && fault.node().equals(charged.node());
            String sentence = buyer + " on " + charged.node() + " was charged for " + charged.detail() + " at "
                    + format(at) + " ms and never confirmed a seat"
                    + (hitByFault ? " (the fault hit " + charged.node() + ", which excuses this)." : ".");
            found.add(new Violation("charged-without-seat", sentence, at, at, List.of(new Violation.Spot(buyer, at, at))));
        });
        return found;
    }

    private static Map<String, Object> violationData(Violation violation) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("kind", violation.kind());
        data.put("sentence", violation.sentence());
        data.put("from", round(violation.fromMs()));
        data.put("to", round(violation.toMs()));
        data.put("spots", violation.spots().stream()
                .map(spot -> List.of(spot.buyer(), round(spot.fromMs()), round(spot.toMs()))).toList());
        return data;
    }

    // ---- the fault ------------------------------------------------------------------------------------------

    private static Map<String, Object> faultBand(FaultReport fault, long zero) {
        if (fault == null) {
            return null;
        }
        Map<String, Object> band = new LinkedHashMap<>();
        band.put("fired", fault.fired());
        if (!fault.fired()) {
            band.put("text", "The planned fault (" + fault.fault() + ") never struck: " + (fault.landing().isEmpty()
                    ? "no buyer reached its point." : fault.landing() + "."));
            return band;
        }
        double from = ms(fault.nanoTime(), zero);
        boolean lasts = fault.fault().action() == Fault.Action.PAUSE || fault.fault().action() == Fault.Action.STOP_QUORUM;
        double to = lasts ? from + fault.fault().pause().toNanos() / 1e6 : from;
        band.put("node", fault.node());
        band.put("from", round(from));
        band.put("to", round(to));
        String what = switch (fault.fault().action()) {
            case PAUSE -> fault.node() + " paused for " + fault.fault().pause().toMillis() + " ms";
            case KILL -> fault.node() + " killed";
            case STRIKE_REDIS -> (fault.landing().isEmpty() ? fault.fault().redis() : fault.landing()) + ", and "
                    + fault.buyer() + " held there for at most "
                    + fault.fault().pause().toMillis() + " ms,";
            case HOLD -> fault.buyer() + " held until a buyer of another node moved";
            case STOP_FOLLOWER, STOP_LEADER, STOP_QUORUM -> fault.landing() + ";";
        };
        band.put("text", what + " when " + fault.buyer() + " reached " + fault.fault().point() + ", at "
                + format(from) + " ms");
        return band;
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    static double ms(long nanoTime, long zero) {
        return (nanoTime - zero) / 1e6;
    }

    static double round(double ms) {
        return Math.round(ms * 1000) / 1000.0;
    }

    private static String format(double ms) {
        return ms >= 100 ? String.valueOf(Math.round(ms)) : String.format(java.util.Locale.ROOT, "%.1f", ms);
    }
}
