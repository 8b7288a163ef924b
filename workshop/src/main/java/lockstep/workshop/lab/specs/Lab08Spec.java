package lockstep.workshop.lab.specs;

import java.time.Duration;
import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;

/**
 * Lab 08: operating the lock service. Curator's mutex with Lab 06's fence, on a three-member ensemble whose races
 * own their servers, so that a fault can stop a follower, the leader or a majority of them.
 */
public final class Lab08Spec {

    /** How long the {@code stop-quorum} fault keeps two of three servers down: longer than any session here (10 s). */
    public static final Duration QUORUM_OUTAGE = Duration.ofSeconds(12);

    public static final Lab SPEC = Lab.onZooKeeper(8, "lab08-operations", "Operating the lock service",
                    "/lockstep/lab08")
            .withEnsemble(3)
            .withTimedLock()
            .withFaults(
                    new NamedFault("stop-follower", Fault.stopFollowerAt("charging").losingAtMost(1),
                            "While the first buyer to start paying holds A1's lock, the follower its session is on"
                                    + " stops. Its clients move to another member in the same session. A lock that"
                                    + " waits out SUSPENDED loses nobody."),
                    new NamedFault("stop-leader", Fault.stopLeaderAt("charging").losingAtMost(1),
                            "While the first buyer to start paying holds A1's lock, the leader stops. Every client is"
                                    + " cut off for the election (about a second here), then reconnects in the same"
                                    + " session. A lock that gives up at SUSPENDED turns away the holder and every"
                                    + " waiter that heard it; one that waits to learn whether its session lived loses"
                                    + " nobody."),
                    new NamedFault("stop-quorum", Fault.stopQuorumAt("lock-granted", QUORUM_OUTAGE).losingAtMost(1),
                            "Just after the first buyer is granted A1's lock, two of the three servers stop for "
                                    + QUORUM_OUTAGE.toSeconds() + " s: nobody is served, every session ends. The holder"
                                    + " is lost with its session; a lock whose retries outlast the outage queues its"
                                    + " waiters again and loses no one else."))
            .withRaceNote("Lab 08 shows its point under --fault stop-leader or stop-quorum, in the buyers told"
                    + " 'failed'. Its grader also breaks the glass on a hung holder: ./lockstep grade 08.")
            .withDemo(DemoRace.under("stop-leader", "A lock that gives up at SUSPENDED drops the holder and its waiters"
                    + " while the ensemble elects a new leader; one that waits for the news loses nobody."));

    private Lab08Spec() {
    }
}
