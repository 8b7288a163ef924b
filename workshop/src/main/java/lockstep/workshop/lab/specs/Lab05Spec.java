package lockstep.workshop.lab.specs;

import lockstep.workshop.lab.Lab;

/**
 * Lab 05: Apache Curator's {@code InterProcessMutex}, one queue of protected sequential znodes per
 * seat under {@code /lockstep/lab05} (seat A1's queue is {@code /lockstep/lab05/A1}), taken with a
 * deadline.
 */
public final class Lab05Spec {

    public static final Lab SPEC = Lab.onZooKeeper(5, "lab05-curator-mutex", "Curator's InterProcessMutex",
                    "/lockstep/lab05")
            .withTimedLock();

    private Lab05Spec() {
    }
}
