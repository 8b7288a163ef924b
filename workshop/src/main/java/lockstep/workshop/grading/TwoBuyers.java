package lockstep.workshop.grading;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;

/**
 * Two buyers for seat A1, on two nodes, in an order the grader chooses instead of leaving it to luck:
 *
 * <ol>
 *   <li>Alice (on node Alpha) runs until she reaches the chosen step, say {@link Step#CHARGING}, and
 *       waits there. If she never reaches it, she simply finishes.</li>
 *   <li>Bob (on node Beta) runs until he has his answer, or until he is blocked behind something
 *       Alice holds: a row lock in the database, or a Java lock her thread owns.</li>
 *   <li>Alice carries on; both finish; the seat database is audited.</li>
 * </ol>
 *
 * <p>This is the interleaving that breaks a check-then-act every time: Bob checks the seat while
 * Alice is between her check and her sale. A correct solution either turns Bob away at once or
 * makes him wait until Alice is done. It is played on a {@link Scene}, the graders' one hand-driven
 * harness.
 */
public final class TwoBuyers {

    public static final Buyer ALICE = new Buyer("Alice", "A1");
    public static final Buyer BOB = new Buyer("Bob", "A1");

    /** How often to look whether Bob is done or blocked: observing state, not guessing a delay. */
    private static final long LOOK_EVERY_MS = 5;

    private final Implementation code;
    private final Services services;
    private final Step aliceWaitsAt;

    private TwoBuyers(Implementation code, Services services, Step aliceWaitsAt) {
        this.code = code;
        this.services = services;
        this.aliceWaitsAt = aliceWaitsAt;
    }

    /** Alice will wait at {@code step} while Bob runs. */
    public static TwoBuyers aliceWaitsAt(Implementation code, Step step) {
        return new TwoBuyers(code, Services.NONE, step);
    }

    /** The same scenario for a lab whose nodes use a lock service. */
    public TwoBuyers with(Services lockServices) {
        return new TwoBuyers(code, lockServices, aliceWaitsAt);
    }

    /**
     * What happened.
     *
     * @param alice             Alice's answer
     * @param bob               Bob's answer
     * @param aliceWaited       whether Alice reached the step and waited there
     * @param bobWasBlocked     whether Bob was still blocked behind Alice when she carried on
     * @param audit             what the seat database says
     */
    public record Outcome(Answer alice, Answer bob, boolean aliceWaited, boolean bobWasBlocked, AuditReport audit) {

        /** The buyers who hold a confirmation for A1, in the order they got it. */
        public List<String> holdersOfA1() {
            return audit.buyersPerSeat().getOrDefault("A1", List.of());
        }
    }

    public Outcome run() throws Exception {
        try (Scene scene = Scene.open(code, services, PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            Scene.Attempt alice = scene.start(ALICE, "Alpha", aliceWaitsAt);
            boolean aliceWaited = alice.awaitPaused(Timing.forRace());

            Scene.Attempt bob = scene.start(BOB, "Beta");
            boolean bobBlocked = false;
            long giveUp = System.nanoTime() + Timing.forPromptEvent().toNanos();
            while (!bob.hasAnswer() && !(bobBlocked = scene.isBlockedBehind(bob, alice))) {
                if (System.nanoTime() - giveUp > 0) {
                    // Bob has waited all this time without an answer: for something of Alice's that
                    // neither the database nor the JVM can name, such as a distributed lock.
                    bobBlocked = true;
                    break;
                }
                Thread.sleep(LOOK_EVERY_MS);
            }
            alice.goOn();
            Duration budget = Timing.forRace();
            return new Outcome(alice.awaitAnswer(budget).orElse(null), bob.awaitAnswer(budget).orElse(null),
                    aliceWaited, bobBlocked, scene.audit());
        }
    }
}
