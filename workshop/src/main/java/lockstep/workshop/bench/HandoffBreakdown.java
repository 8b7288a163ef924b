package lockstep.workshop.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.History;

/**
 * Where the time of one race's lock handoffs went, read from the race's own history: the steps every buyer
 * recorded, on the race's one clock.
 *
 * <p>A handoff runs from one holder's grant to the next holder's grant of the same lock: the holder's turn (seat
 * check, and for the one winner the charge and the confirmation), then the way from its release to the next grant.
 * Each stretch between two steps of the holder goes to the part the later step names: a seat check or confirmation
 * to the seat database, a charged card to the payment provider, a lock step (a renewal, the release) to the lock
 * service. The stretch from the holder's release to the next grant is the lock service's too: the release call, the
 * service's own work, and the waiter's wake-up, which no step divides. What no step names (the harness between two
 * steps, asking the lock whether it is still held) is the rest.
 */
public final class HandoffBreakdown {

    /** The parts of a handoff, each named by the steps that close its stretches. */
    public enum Part {
        LOCK_SERVICE("lock service"),
        SEAT_DATABASE("seat database"),
        PAYMENT("payment provider"),
        REST("the rest");

        private final String words;

        Part(String words) {
            this.words = words;
        }

        /** The part in plain words, as the table prints it. */
        public String words() {
            return words;
        }
    }

    /** The nanoseconds each handoff spent in each part, in the order the handoffs happened. */
    private final Map<Part, long[]> nanos;
    private final long[] handoffNanos;
    /** The nanoseconds all handoffs together spent in each stretch, named by its two points: {@code seat-checked → lock-released}. */
    private final Map<String, Long> stretchNanos;
    /** From the race's first step to its first grant, and from its last grant to its last step. */
    private final long beforeFirstGrantNanos;
    private final long afterLastGrantNanos;

    private HandoffBreakdown(Map<Part, long[]> nanos, long[] handoffNanos, Map<String, Long> stretchNanos,
            long beforeFirstGrantNanos, long afterLastGrantNanos) {
        this.nanos = nanos;
        this.handoffNanos = handoffNanos;
        this.stretchNanos = stretchNanos;
        this.beforeFirstGrantNanos = beforeFirstGrantNanos;
        this.afterLastGrantNanos = afterLastGrantNanos;
    }

    /** The breakdown of every handoff of every lock in {@code history}. */
    public static HandoffBreakdown of(History history) {
        List<StepEvent> events = history.events();
        Map<String, List<StepEvent>> stepsOfBuyer = new HashMap<>();
        for (StepEvent event : events) {
            stepsOfBuyer.computeIfAbsent(event.buyer(), buyer -> new ArrayList<>()).add(event);
        }
        Map<String, List<History.Holding>> holdingsOfLock = new HashMap<>();
        for (History.Holding holding : history.holdings()) {
            holdingsOfLock.computeIfAbsent(holding.lock(), lock -> new ArrayList<>()).add(holding);
        }
        Map<Part, List<Long>> parts = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            parts.put(part, new ArrayList<>());
        }
        List<Long> whole = new ArrayList<>();
        Map<String, Long> stretches = new HashMap<>();
        for (List<History.Holding> holdings : holdingsOfLock.values()) {
            for (int i = 0; i + 1 < holdings.size(); i++) {
                History.Holding holder = holdings.get(i);
                long nextGrant = holdings.get(i + 1).from();
                Map<Part, Long> split = split(holder, stepsOfBuyer.getOrDefault(holder.holder(), List.of()), nextGrant,
                        stretches);
                split.forEach((part, spent) -> parts.get(part).add(spent));
                whole.add(nextGrant - holder.from());
            }
        }
        Map<Part, long[]> nanos = new EnumMap<>(Part.class);
        parts.forEach((part, list) -> nanos.put(part, list.stream().mapToLong(Long::longValue).toArray()));
        List<StepEvent> grants = events.stream().filter(event -> event.step() == Step.LOCK_GRANTED).toList();
        long before = grants.isEmpty() ? 0 : grants.get(0).nanoTime() - events.get(0).nanoTime();
        long after = grants.isEmpty() ? 0
                : events.get(events.size() - 1).nanoTime() - grants.get(grants.size() - 1).nanoTime();
        return new HandoffBreakdown(nanos, whole.stream().mapToLong(Long::longValue).toArray(), stretches, before, after);
    }

    /** How many handoffs the race had. */
    public int handoffs() {
        return handoffNanos.length;
    }

    /** The nanoseconds each handoff spent in {@code part}, in the order the handoffs happened. */
    public long[] nanos(Part part) {
        return nanos.get(part).clone();
    }

    /** Each handoff's whole length, grant to next grant, in nanoseconds. */
    public long[] handoffNanos() {
        return handoffNanos.clone();
    }

    /** From the race's first recorded step (the first buyer asking for the lock) to the first grant; 0 without one. */
    public long beforeFirstGrantNanos() {
        return beforeFirstGrantNanos;
    }

    /** From the race's last grant to its last recorded step (the last answer); 0 without a grant. */
    public long afterLastGrantNanos() {
        return afterLastGrantNanos;
    }

    /**
     * The nanoseconds all handoffs together spent in each stretch between two points of the holder (for example
     * {@code seat-checked → before-release}), and from its release to the next grant ({@code release → next grant}).
     */
    public Map<String, Long> stretchNanos() {
        return Map.copyOf(stretchNanos);
    }

    /**
     * One holder's handoff, split into parts: its own steps from its grant to its release, each stretch to the part
     * its later step names, then the release to {@code nextGrant} to the lock service.
     */
    private static Map<Part, Long> split(History.Holding holder, List<StepEvent> steps, long nextGrant,
            Map<String, Long> stretches) {
        Map<Part, Long> split = new EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            split.put(part, 0L);
        }
        long end = Math.min(holder.until(), nextGrant);
        StepEvent previous = null;
        for (StepEvent step : steps) {
            if (step.nanoTime() < holder.from()) {
                continue;
            }
            if (step.nanoTime() > end) {
                break;
            }
            if (previous != null) {
                split.merge(partClosedBy(step, previous), step.nanoTime() - previous.nanoTime(), Long::sum);
                stretches.merge(previous.point() + " → " + step.point(), step.nanoTime() - previous.nanoTime(), Long::sum);
            }
            previous = step;
        }
        long lastOwnStep = previous == null ? holder.from() : previous.nanoTime();
        split.merge(Part.REST, Math.max(0, end - lastOwnStep), Long::sum);
        split.merge(Part.LOCK_SERVICE, Math.max(0, nextGrant - end), Long::sum);
        stretches.merge("release → next grant", Math.max(0, nextGrant - end), Long::sum);
        return split;
    }

    /** Which part the stretch from {@code previous} to {@code step} of one buyer went to. */
    private static Part partClosedBy(StepEvent step, StepEvent previous) {
        return switch (step.step()) {
            case LOCK_ASKED, LOCK_GRANTED, LOCK_DENIED, LOCK_RENEWED, LOCK_LOST, LOCK_RELEASED -> Part.LOCK_SERVICE;
            case SEAT_CHECKED, SEAT_CONFIRMED -> Part.SEAT_DATABASE;
            case CARD_CHARGED -> Part.PAYMENT;
            // A refusal closes the write it refused: the charge at the payment provider, or the confirmation.
            case WRITE_REFUSED -> previous.step() == Step.CHARGING ? Part.PAYMENT : Part.SEAT_DATABASE;
            // Reported just before a write, after the holder asked whether it still holds the lock.
            case CHARGING, CONFIRMING, ANSWERED -> Part.REST;
        };
    }
}
