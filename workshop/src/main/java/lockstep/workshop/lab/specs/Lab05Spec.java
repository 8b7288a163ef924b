package lockstep.workshop.lab.specs;

import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;

/**
 * Lab 05: Apache Curator's {@code InterProcessMutex}, one queue of protected sequential znodes per
 * seat under {@code /lockstep/lab05} (seat A1's queue is {@code /lockstep/lab05/A1}), taken with a
 * deadline.
 */
public final class Lab05Spec {

    public static final Lab SPEC = Lab.onZooKeeper(5, "lab05-curator-mutex", "Curator's InterProcessMutex",
                    "/lockstep/lab05")
            .withTimedLock()
            .withFaults(new NamedFault("crash-holder", Fault.killAt("lock-granted"),
                    "The first buyer granted A1's lock has its node killed (SIGKILL). Its lock znode stays until"
                            + " ZooKeeper ends the dead node's session. With Curator's default 60 s session, and"
                            + " waiters that ignore their deadline, every other buyer waits and the race stalls. With"
                            + " a session of a few seconds the next buyer gets the lock and sells the seat."))
            .withDemo(DemoRace.under("crash-holder", "Curator's defaults keep a killed holder's lock for a minute,"
                    + " and waiters without a deadline wait it out: the race stalls (on a busy machine, whose stall"
                    + " watch waits longer, it may sell after that minute instead: see its time)."));

    private Lab05Spec() {
    }
}
