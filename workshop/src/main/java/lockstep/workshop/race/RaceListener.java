package lockstep.workshop.race;

/** Hears how a race is going, for a progress bar. Called from several threads. */
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
}
