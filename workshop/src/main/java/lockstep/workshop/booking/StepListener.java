package lockstep.workshop.booking;

import java.util.List;

/**
 * Hears each {@link StepEvent} on the buyer's own thread, as it happens. A listener may block: that
 * is how a grader pauses a buyer at a chosen step. It must not throw.
 */
@FunctionalInterface
public interface StepListener {

    /** Listens to nothing. */
    StepListener NONE = event -> { };

    void on(StepEvent event);

    /** A listener that tells {@code listeners} in order. */
    static StepListener all(List<StepListener> listeners) {
        List<StepListener> copy = List.copyOf(listeners);
        return event -> copy.forEach(listener -> listener.on(event));
    }
}
