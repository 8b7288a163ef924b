package lockstep.lab06;

import java.time.Duration;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.lock.LockLab;

/**
 * The resource after a restart, in a JVM of its own: it opens the seat database again, puts the lab's fence in front
 * of it (a new one, which remembers nothing the old process kept in memory), and takes one confirmation from a holder
 * with a token. It prints {@code accepted} or {@code refused}.
 *
 * <pre>java StaleWriteAfterRestart JDBC-URL SEAM-CLASS HOLDER SEAT TOKEN</pre>
 */
public final class StaleWriteAfterRestart {

    static final String ANSWER = "the restarted seat database ";

    private StaleWriteAfterRestart() {
    }

    public static void main(String[] args) throws Exception {
        LockLab<?> lab = (LockLab<?>) Class.forName(args[1]).getDeclaredConstructor().newInstance();
        Fence fence = lab.fence().orElseThrow();
        Buyer holder = new Buyer(args[2], args[3]);
        long token = Long.parseLong(args[4]);
        try (TicketCounter counter = new TicketCounter("Restarted", SeatDatabase.at(args[0]),
                new PaymentProvider(Duration.ZERO), StepListener.NONE)) {
            boolean accepted = counter.confirm(holder, Resources.pass(holder, token), fence);
            System.out.println(ANSWER + (accepted ? "accepted" : "refused"));
        }
    }
}
