package lockstep.workshop.lab;

import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;

/**
 * One booking server ("node") running a lab's booking code. Many nodes run at once, as threads of
 * one JVM or as separate processes, and each node serves many buyers at the same time, each on its
 * own {@link BoxOffice}.
 */
public interface BookingNode extends AutoCloseable {

    /**
     * Sells {@code buyer} their seat, or tells them it is gone. Called by several threads of this
     * node at once, each with its own box office. An exception counts as a failed answer.
     */
    Answer buy(Buyer buyer, BoxOffice office) throws Exception;

    /** Lets go of what the node holds (sessions, clients). */
    @Override
    default void close() throws Exception {
    }
}
