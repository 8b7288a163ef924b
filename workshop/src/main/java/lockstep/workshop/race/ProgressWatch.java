package lockstep.workshop.race;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;

/**
 * Watches a race for progress: every step and every answer of every buyer is progress. When nothing has happened for
 * longer than the race can explain, the race has stopped (a lock that is never released, a waiter that is never
 * woken), and this says, in the story's terms, who waits where and who the history says holds each lock.
 */
final class ProgressWatch implements StepListener {

    /** How many waiting buyers a stall report names one by one. */
    private static final int WAITERS_NAMED = 3;

    private final Map<String, StepEvent> lastStepOfBuyer = new ConcurrentHashMap<>();
    /** For each lock, the last grant or release (or loss) of it. */
    private final Map<String, StepEvent> lastChangeOfLock = new ConcurrentHashMap<>();
    private final Map<String, String> answerOf = new ConcurrentHashMap<>();
    private volatile long lastProgress = System.nanoTime();

    @Override
    public void on(StepEvent event) {
        if (event.step() == Step.LOCK_RENEWED) {
            return; // a renewal thread can run for ever while its buyer gets nowhere: that is no progress
        }
        lastProgress = System.nanoTime();
        lastStepOfBuyer.put(event.buyer(), event);
        switch (event.step()) {
            case LOCK_GRANTED, LOCK_RELEASED, LOCK_LOST -> lastChangeOfLock.put(event.detail(), event);
            default -> {
            }
        }
    }

    /**
     * The buyers are told to go, and the clock starts here: the quiet before it is the nodes starting, no stall. Ten
     * node JVMs on a machine at load 40 can take longer to start than the stall bound itself.
     */
    void started() {
        lastProgress = System.nanoTime();
    }

    /** {@code buyer} got an answer. */
    void answered(String buyer, String kind) {
        lastProgress = System.nanoTime();
        answerOf.put(buyer, kind);
    }

    /**
     * Whether the history itself shows that the race hangs: a lock has been granted in it, and now every lock is
     * either free or held by a buyer who is no longer at work (who has answered, or whose node the race's fault
     * killed; its lock comes back within a session or a lease, seconds here). A quiet race is then not a slow holder
     * on a busy machine but a lock that was never let go, or waiters that were never woken. A race without locks
     * (Lab 01) never shows this.
     *
     * @param killedNodes  the nodes the race's own fault killed
     */
    boolean nobodyAtWorkHoldsALock(Set<String> killedNodes) {
        return !lastChangeOfLock.isEmpty() && lastChangeOfLock.values().stream()
                .noneMatch(change -> change.step() == Step.LOCK_GRANTED && !answerOf.containsKey(change.buyer())
                        && !killedNodes.contains(change.node()));
    }

    /** How long since the last step or answer of anyone. */
    Duration quietFor() {
        return Duration.ofNanos(System.nanoTime() - lastProgress);
    }

    /**
     * The stall, in sentences: how long nothing happened, who holds each lock by the history, who waits where.
     *
     * @param buyers       every buyer of the race
     * @param whereIs      where a buyer's thread is in the code, if that can be seen (threads, not processes)
     * @param killedNodes  the nodes the race's own fault killed
     */
    String describe(List<String> buyers, java.util.function.Function<String, Optional<String>> whereIs,
            Set<String> killedNodes) {
        long now = System.nanoTime();
        List<String> waiting = buyers.stream().filter(buyer -> !answerOf.containsKey(buyer)).toList();
        StringBuilder text = new StringBuilder();
        text.append("The race stopped making progress: for ").append(seconds(now - lastProgress))
                .append(" no buyer took a step, and ").append(waiting.size()).append(" of ").append(buyers.size())
                .append(" buyers still had no answer.");
        lastChangeOfLock.values().stream().sorted(Comparator.comparing(StepEvent::detail))
                .forEach(change -> text.append(' ').append(holderSentence(change, now, killedNodes)));
        List<StepEvent> stuck = new ArrayList<>();
        List<String> neverStarted = new ArrayList<>();
        // A killed node's buyers will never answer, and where they waited says nothing about the hang.
        SortedMap<String, Integer> buyersOfKilledNodes = new TreeMap<>();
        for (String buyer : waiting) {
            StepEvent last = lastStepOfBuyer.get(buyer);
            if (last == null) {
                neverStarted.add(buyer);
            } else if (killedNodes.contains(last.node())) {
                buyersOfKilledNodes.merge(last.node(), 1, Integer::sum);
            } else {
                stuck.add(last);
            }
        }
        stuck.sort(Comparator.comparingLong(StepEvent::nanoTime));
        for (StepEvent last : stuck.subList(0, Math.min(WAITERS_NAMED, stuck.size()))) {
            text.append(' ').append(last.buyer()).append(" (").append(last.node()).append(") has waited ")
                    .append(seconds(now - last.nanoTime())).append(" since '").append(last.step().words())
                    .append(last.detail().isEmpty() ? "" : " " + last.detail()).append("'");
            whereIs.apply(last.buyer()).ifPresent(where -> text.append(", ").append(where));
            text.append('.');
        }
        if (stuck.size() > WAITERS_NAMED) {
            text.append(" And ").append(stuck.size() - WAITERS_NAMED).append(" more wait like them.");
        }
        buyersOfKilledNodes.forEach((node, count) -> text.append(' ').append(count)
                .append(count == 1 ? " buyer of " : " buyers of ").append(node)
                .append(" will never answer: the race's fault killed their node."));
        if (!neverStarted.isEmpty()) {
            text.append(' ').append(neverStarted.size()).append(" buyers never started: they queue behind those"
                    + " on their node's counters.");
        }
        return text.toString();
    }

    private String holderSentence(StepEvent change, long now, Set<String> killedNodes) {
        String lock = change.detail();
        String since = seconds(now - change.nanoTime());
        if (change.step() == Step.LOCK_GRANTED) {
            String answered = answerOf.containsKey(change.buyer())
                    ? " and answered '" + answerOf.get(change.buyer()) + "' since"
                    : killedNodes.contains(change.node()) ? ", and the race's fault killed " + change.node()
                            + " since: its lock comes back only when the lock service ends that node's session or"
                            + " lease" : "";
            return "By the history, " + change.buyer() + " (" + change.node() + ") holds the lock of " + lock
                    + ": it was granted " + since + " ago" + answered + ".";
        }
        return "By the history, nobody holds the lock of " + lock + ": " + change.buyer() + " ("
                + change.node() + ") " + (change.step() == Step.LOCK_LOST ? "lost" : "released") + " it " + since
                + " ago.";
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }
}
