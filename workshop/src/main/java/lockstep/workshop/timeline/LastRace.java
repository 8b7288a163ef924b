package lockstep.workshop.timeline;

import java.util.List;
import java.util.Optional;
import lockstep.workshop.grading.History;
import lockstep.workshop.race.FaultReport;
import lockstep.workshop.race.RaceResult;

/**
 * The last race or scene a grader's check ran, kept so that {@link PictureOfFailedCheck} can draw it if the check
 * fails. Only threads that a check runs on keep anything: {@link #watch} starts keeping, {@link #stop} forgets.
 */
public final class LastRace {

    /** What a timeline needs of a race: its nodes (empty: the nodes seen in the history), its steps and its fault. */
    record Recorded(List<String> nodes, History history, FaultReport fault) {
    }

    private static final class Slot {
        private Recorded last;
    }

    private static final ThreadLocal<Slot> WATCHED = new ThreadLocal<>();

    private LastRace() {
    }

    /** Remembers a race that ran on this thread, if a check is watching it. */
    public static void remember(RaceResult result) {
        remember(new Recorded(result.setup().plan().nodeNames(), result.history(), result.fault()));
    }

    /** Remembers a scene's history (buyers a check moved by hand), if a check is watching this thread. */
    public static void remember(History history) {
        remember(new Recorded(List.of(), history, null));
    }

    static void watch() {
        WATCHED.set(new Slot());
    }

    static Optional<Recorded> last() {
        Slot slot = WATCHED.get();
        return slot == null ? Optional.empty() : Optional.ofNullable(slot.last);
    }

    static void stop() {
        WATCHED.remove();
    }

    private static void remember(Recorded recorded) {
        Slot slot = WATCHED.get();
        if (slot != null) {
            slot.last = recorded;
        }
    }
}
