package lockstep.workshop.lab.specs;

import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;

/** Lab 01: the ticket race. The seat database alone decides who gets a seat. */
public final class Lab01Spec {

    public static final Lab SPEC = Lab.withDatabaseOnly(1, "lab01-ticket-race", "The ticket race")
            .withDemo(DemoRace.withoutFault("No fault needed: the naive check-then-act oversells on its own."));

    private Lab01Spec() {
    }
}
