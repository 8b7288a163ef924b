package lockstep.workshop.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import lockstep.workshop.grading.HerdContender;

/**
 * The grants and releases of one measured run, on one clock ({@link System#nanoTime()}), from which
 * the handoffs follow: a handoff runs from a holder's call to {@code release()} to the moment the
 * next holder's {@code acquire()} returns. It is what a waiting buyer feels of the lock's speed.
 */
final class HandoffTimeline implements HerdContender.Turns {

    /** One grant or release: when, and which. */
    private record Turn(long nanoTime, boolean granted) {
    }

    private final ConcurrentLinkedQueue<Turn> turns = new ConcurrentLinkedQueue<>();

    @Override
    public void granted() {
        turns.add(new Turn(System.nanoTime(), true));
    }

    @Override
    public void releasing() {
        turns.add(new Turn(System.nanoTime(), false));
    }

    /** Every handoff of the run, in nanoseconds, in the order they happened. */
    long[] handoffNanos() {
        List<Turn> ordered = new ArrayList<>(turns);
        ordered.sort(Comparator.comparingLong(Turn::nanoTime));
        List<Long> handoffs = new ArrayList<>();
        long lastRelease = -1;
        for (Turn turn : ordered) {
            if (!turn.granted()) {
                lastRelease = turn.nanoTime();
            } else if (lastRelease >= 0) {
                handoffs.add(turn.nanoTime() - lastRelease);
                lastRelease = -1;
            }
        }
        return handoffs.stream().mapToLong(Long::longValue).toArray();
    }
}
