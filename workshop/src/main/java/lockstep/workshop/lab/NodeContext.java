package lockstep.workshop.lab;

import java.util.Objects;
import lockstep.workshop.booking.StepListener;

/**
 * What a node is given when it opens.
 *
 * @param name      the node's name, for example {@code node-03} or {@code Node_Alpha}
 * @param services  where the lock services are, for the labs that use one
 * @param steps     where the node reports its steps (lock asked, granted, ...)
 */
public record NodeContext(String name, Services services, StepListener steps) {

    public NodeContext {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(steps, "steps");
    }
}
