package lockstep.workshop.lab.specs;

import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;

/** Lab 03: a lock as one ephemeral znode under {@code /lockstep/locks}, and the herd it wakes. */
public final class Lab03Spec {

    public static final Lab SPEC = Lab.onZooKeeper(3, "lab03-ephemeral-znode", "A lock as one ephemeral znode",
                    "/lockstep/locks")
            .withRaceNote("A correct Lab 03 race is slow on purpose: every release wakes every waiting buyer (the"
                    + " herd), so 1,000 buyers take about 13 s here, some 10 times the starter's race, which is quick"
                    + " only because most of its buyers fail at once. A queue of sequential znodes, each waiter"
                    + " watching the one before it, wakes one; the lab's README says more.")
            .withDemo(DemoRace.withoutFault("No fault needed: looking before creating turns buyers away; a holder that"
                    + " outlives its session shows in the grader's scenes (./lockstep grade 03)."));

    private Lab03Spec() {
    }
}
