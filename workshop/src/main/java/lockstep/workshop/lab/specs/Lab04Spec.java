package lockstep.workshop.lab.specs;

import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;

/**
 * Lab 04: ZooKeeper's lock recipe, a queue of ephemeral sequential znodes per seat under
 * {@code /lockstep/lab04}, each waiter watching the one before it; its lock gives up when its time runs out.
 */
public final class Lab04Spec {

    public static final Lab SPEC = Lab.onZooKeeper(4, "lab04-queue-of-znodes", "The lock recipe: a queue of znodes",
                    "/lockstep/lab04")
            .withTimedLock()
            .withView(Lab.View.QUEUES)
            .withFaults(new NamedFault("slow-holder", Fault.holdAt("charging"),
                    "The first buyer to start charging a card waits there, its node running on, until a buyer of"
                            + " another node moves on the same seat (about 10 s at most): a holder with a slow payment."
                            + " Meanwhile the queue grows. A lock that takes the first child listed for the first in"
                            + " line lets a later buyer in, who finds the seat still free: it is sold twice, in most"
                            + " runs (the order ZooKeeper lists decides). With the recipe nobody else gets in, and the"
                            + " holder goes on after those 10 s."))
            .withDemo(DemoRace.under("slow-holder", "While the holder is slow, a buyer whose znode is listed first"
                    + " believes it holds the lock too, and the seat is sold twice in most runs, not all (the order"
                    + " ZooKeeper lists decides); the grader catches it every time."));

    private Lab04Spec() {
    }
}
