package lockstep.workshop.grading;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;

/**
 * Records every step of a race, from every node, on one monotonic clock ({@link System#nanoTime()},
 * which all JVMs on one Linux machine share), and answers one question from it: did two buyers
 * ever hold the same lock at the same time?
 *
 * <p>A buyer holds a lock from its {@link Step#LOCK_GRANTED} until its {@link Step#LOCK_RELEASED}
 * or {@link Step#LOCK_LOST}, or else until its answer, or else until the end of the race (a killed
 * process never says goodbye). Without faults, any overlap is a real failure. Under lease faults
 * (a paused holder) an overlap is expected even for a correct lock, and the verdict must come from
 * what the seat database accepted.
 */
public final class History implements StepListener {

    private final List<StepEvent> events = new ArrayList<>();

    @Override
    public synchronized void on(StepEvent event) {
        events.add(event);
    }

    /** Every event so far, in the order of the shared clock. */
    public synchronized List<StepEvent> events() {
        List<StepEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(StepEvent::nanoTime));
        return sorted;
    }

    /** How many grants the lock service gave, by lock name. */
    public Map<String, Integer> grantsPerLock() {
        Map<String, Integer> grants = new HashMap<>();
        for (StepEvent event : events()) {
            if (event.step() == Step.LOCK_GRANTED) {
                grants.merge(event.detail(), 1, Integer::sum);
            }
        }
        return grants;
    }

    /** Two buyers holding one lock at once, from {@code fromNanos} on the shared clock for {@code overlapNanos}. */
    public record Overlap(String lock, String firstHolder, String secondHolder, long overlapNanos, long fromNanos) {

        @Override
        public String toString() {
            return firstHolder + " and " + secondHolder + " both held the lock of " + lock + " for "
                    + Math.max(1, overlapNanos / 1_000_000) + " ms";
        }
    }

    /** Every pair of holdings of one lock that overlapped in time, earliest first. */
    public List<Overlap> overlaps() {
        List<Holding> holdings = holdings();
        List<Overlap> overlaps = new ArrayList<>();
        for (int i = 0; i < holdings.size(); i++) {
            Holding first = holdings.get(i);
            for (int j = i + 1; j < holdings.size() && holdings.get(j).from() < first.until(); j++) {
                Holding second = holdings.get(j);
                if (second.lock().equals(first.lock()) && !second.holder().equals(first.holder())) {
                    overlaps.add(new Overlap(first.lock(), first.holder(), second.holder(),
                            Math.min(first.until(), second.until()) - second.from(), second.from()));
                }
            }
        }
        return overlaps;
    }

    /** One buyer holding one lock, from its grant until it let go (see the class comment), on the shared clock. */
    public record Holding(String lock, String holder, long from, long until) {
    }

    /** Every holding of every lock, earliest first. */
    public List<Holding> holdings() {
        List<StepEvent> ordered = events();
        long end = ordered.isEmpty() ? 0 : ordered.get(ordered.size() - 1).nanoTime();
        List<Holding> holdings = holdings(ordered, end);
        holdings.sort(Comparator.comparingLong(Holding::from));
        return holdings;
    }

    private static List<Holding> holdings(List<StepEvent> ordered, long end) {
        Map<String, StepEvent> open = new HashMap<>();
        List<Holding> holdings = new ArrayList<>();
        for (StepEvent event : ordered) {
            String key = event.buyer() + "\u0000" + event.detail();
            switch (event.step()) {
                case LOCK_GRANTED -> open.putIfAbsent(key, event);
                case LOCK_RELEASED, LOCK_LOST -> {
                    StepEvent granted = open.remove(key);
                    if (granted != null) {
                        holdings.add(new Holding(granted.detail(), granted.buyer(), granted.nanoTime(), event.nanoTime()));
                    }
                }
                case ANSWERED -> {
                    // A buyer that answered without releasing held its locks until then at the latest.
                    open.entrySet().removeIf(entry -> {
                        StepEvent granted = entry.getValue();
                        if (!granted.buyer().equals(event.buyer())) {
                            return false;
                        }
                        holdings.add(new Holding(granted.detail(), granted.buyer(), granted.nanoTime(), event.nanoTime()));
                        return true;
                    });
                }
                default -> {
                }
            }
        }
        open.values().forEach(granted -> holdings.add(new Holding(granted.detail(), granted.buyer(), granted.nanoTime(), end)));
        return holdings;
    }
}
