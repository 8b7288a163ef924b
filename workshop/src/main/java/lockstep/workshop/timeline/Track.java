package lockstep.workshop.timeline;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.History;

/**
 * One buyer on the timeline: their attempt from first step to answer (to the end of the race if no answer came),
 * the time they waited for each lock, the time they held it, and every step for the page's details. The row within
 * their node's lane is set by {@link RowPacking}.
 */
final class Track {

    final String buyer;
    final String node;
    final double fromMs;
    final double toMs;
    final String answer;
    final List<double[]> waits;
    final List<double[]> holds;
    final List<StepEvent> steps;
    private final long zero;
    int row;

    private Track(String buyer, String node, double fromMs, double toMs, String answer, List<double[]> waits,
            List<double[]> holds, List<StepEvent> steps, long zero) {
        this.buyer = buyer;
        this.node = node;
        this.fromMs = fromMs;
        this.toMs = toMs;
        this.answer = answer;
        this.waits = waits;
        this.holds = holds;
        this.steps = steps;
        this.zero = zero;
    }

    /**
     * The track of one buyer from their steps in the order of the clock. A lock wait runs from the first time
     * the buyer asked for a lock it did not hold until the grant, or until the answer if the grant never came
     * (retries after a denial belong to the same wait).
     */
    static Track of(String buyer, List<StepEvent> steps, List<History.Holding> holdings, long zero, double endMs) {
        double from = Timeline.ms(steps.get(0).nanoTime(), zero);
        double to = endMs;
        String answer = "no answer";
        Map<String, Double> waitingSince = new HashMap<>();
        List<double[]> waits = new ArrayList<>();
        for (StepEvent step : steps) {
            double at = Timeline.ms(step.nanoTime(), zero);
            switch (step.step()) {
                case LOCK_ASKED -> waitingSince.putIfAbsent(step.detail(), at);
                case LOCK_GRANTED -> {
                    Double since = waitingSince.remove(step.detail());
                    if (since != null) {
                        waits.add(new double[] {since, at});
                    }
                }
                case ANSWERED -> {
                    if (answer.equals("no answer")) {
                        to = at;
                        answer = step.detail();
                    }
                }
                default -> {
                }
            }
        }
        for (double since : waitingSince.values()) {
            waits.add(new double[] {since, to});
        }
        List<double[]> holds = new ArrayList<>();
        for (History.Holding holding : holdings) {
            holds.add(new double[] {Timeline.ms(holding.from(), zero), Timeline.ms(holding.until(), zero)});
        }
        return new Track(buyer, steps.get(0).node(), from, Math.max(from, to), answer, waits, holds, List.copyOf(steps), zero);
    }

    Map<String, Object> toData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", buyer);
        data.put("node", node);
        data.put("row", row);
        data.put("answer", answer);
        data.put("from", Timeline.round(fromMs));
        data.put("to", Timeline.round(toMs));
        data.put("waits", spans(waits));
        data.put("holds", spans(holds));
        List<List<Object>> stepData = new ArrayList<>();
        for (StepEvent step : steps) {
            List<Object> one = new ArrayList<>(List.of(Timeline.round(Timeline.ms(step.nanoTime(), zero)),
                    step.step().name(), step.detail()));
            if (!step.point().equals(step.step().label())) {
                one.add(step.point());
            }
            stepData.add(one);
        }
        data.put("steps", stepData);
        return data;
    }

    private static List<List<Double>> spans(List<double[]> spans) {
        return spans.stream().map(span -> List.of(Timeline.round(span[0]), Timeline.round(span[1]))).toList();
    }
}
