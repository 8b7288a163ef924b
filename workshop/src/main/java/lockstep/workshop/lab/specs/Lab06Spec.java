package lockstep.workshop.lab.specs;

import java.time.Duration;
import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;

/**
 * Lab 06: fencing tokens. Curator's mutex under {@code /lockstep/lab06}, the seat database and the payment provider
 * behind a fence, and the pause that shows why.
 */
public final class Lab06Spec {

    public static final Lab SPEC = Lab.onZooKeeper(6, "lab06-fencing-tokens", "Fencing tokens", "/lockstep/lab06")
            .withTimedLock()
            .withFaults(new NamedFault("pause-holder", Fault.pauseAt("charging", Duration.ofSeconds(10)),
                    "The first buyer to start charging a card has its node frozen (SIGSTOP) for 10 s, past its 4 s"
                            + " ZooKeeper session: the session expires, its lock node goes, and the next buyer gets"
                            + " the lock and sells the seat. When the node wakes up, its charge reaches the payment"
                            + " provider. With the holder's fencing token a fenced provider refuses it (stale writes"
                            + " refused: 1); without one it goes through (stale writes accepted), and if the holder"
                            + " has not heard of its lost session yet, it confirms the seat too."))
            .withRaceNote("Lab 06 shows its point under --fault pause-holder, in the stale writes. Without a fault"
                    + " every write comes from the lock's current holder, and the fence never has to say no.")
            .withDemo(DemoRace.under("pause-holder", "A holder frozen past its session wakes and writes: without a"
                    + " fencing token the seat database and the payment provider take its writes."));

    private Lab06Spec() {
    }
}
