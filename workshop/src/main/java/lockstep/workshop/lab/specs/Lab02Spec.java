package lockstep.workshop.lab.specs;

import java.time.Duration;
import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;

/** Lab 02: the TTL lock server, and the two faults its README is about. */
public final class Lab02Spec {

    public static final Lab SPEC = Lab.onLockServer(2, "lab02-lock-server", "The TTL lock server").withFaults(
            new NamedFault("crash-between-setnx-and-expire", Fault.killAt("lock-granted"),
                    "The first buyer to get the lock has its node killed (SIGKILL) at that instant. With"
                            + " setnx then expire, the lock is set and its expiry never is: the seat stays"
                            + " locked for ever. An atomic acquire with a TTL frees it when the TTL runs out."),
            new NamedFault("holder-pause-longer-than-ttl", Fault.pauseAt("charging", Duration.ofSeconds(5)),
                    "The first buyer to start charging a card has its node frozen (SIGSTOP) for 5 s,"
                            + " longer than the 2 s TTL, so its lease runs out and the next buyer gets the"
                            + " lock and sells the seat. When the node wakes up, the charge it had started"
                            + " goes through; a correct holder then sees its lease is over and confirms"
                            + " nothing. So even a correct holder shows 1 buyer charged without a seat."))
            .withDemo(DemoRace.under("crash-between-setnx-and-expire", "A node killed between setnx and expire leaves"
                    + " a lock that never expires: nobody gets the seat. A TTL set in the same request frees it."));

    private Lab02Spec() {
    }
}
