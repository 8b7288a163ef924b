package lockstep.workshop.race;

/** Hears how a race is going, for a progress bar or a grader. Called from several threads. */
public interface RaceListener {

    RaceListener SILENT = new RaceListener() {
    };

    /** Every node is ready and the buyers are about to press "Buy". */
    default void started(int buyers) {
    }

    /** One more buyer has an answer; {@code answered} of {@code buyers} have one now. */
    default void answered(int answered, int buyers) {
    }

    /** The last buyer has an answer (or their node died). */
    default void finished() {
    }

    /**
     * The race's fault has hit: a killed node process has exited, a paused one is stopped (it goes on later).
     * Called once, from the thread that struck, so a grader can act at the moment the fault has taken effect (move a
     * lock server's clock, say) instead of guessing when that is.
     */
    default void faultStruck(FaultReport fault) {
    }
}
