package lockstep.workshop.lab.specs;

import lockstep.workshop.lab.Lab;

/**
 * Lab 04: ZooKeeper's lock recipe, a queue of ephemeral sequential znodes per seat under
 * {@code /lockstep/lab04}, each waiter watching the one before it; its lock gives up when its time runs out.
 */
public final class Lab04Spec {

    public static final Lab SPEC = Lab.onZooKeeper(4, "lab04-queue-of-znodes", "The lock recipe: a queue of znodes",
                    "/lockstep/lab04")
            .withTimedLock()
            .withView(Lab.View.QUEUES);

    private Lab04Spec() {
    }
}
