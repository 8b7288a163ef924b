package lockstep.lab07;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.Step;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.Scene;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.redis.RedisClients;

/**
 * Alice holds A1's lock and stops at a chosen step while something happens to her lock, and Bob tries to buy A1, in an
 * order fixed by a {@link Scene}:
 *
 * <ol>
 *   <li>Alice (node Alpha, on clients whose locks live as long as the check says) takes A1's lock, finds A1 free, and
 *       stops at the step: before her charge, or after it.</li>
 *   <li>The check strikes: it waits for her keys to expire, restarts a server, jumps a clock.</li>
 *   <li>Bob (node Beta, the lab's own clients) tries to buy A1, and has his turn: until he has an answer, or for as
 *       long as the check gives him.</li>
 *   <li>Alice carries on, and both finish.</li>
 * </ol>
 *
 * <p>Between those moments nothing is left to luck; what happens to the seat is then the lock's doing.
 */
final class WhileAliceWaits {

    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");

    /** What the check does while Alice waits; true when it took effect. */
    @FunctionalInterface
    interface Strike {
        boolean strike() throws Exception;
    }

    /**
     * What happened.
     *
     * @param aliceStopped   whether Alice reached the step (else nothing struck inside her critical section)
     * @param alicesServers  the servers that held A1's key when she stopped there
     * @param struck         whether the strike took effect
     * @param alice          Alice's answer, or null if she had none in time
     * @param bob            Bob's answer, or null if he had none in time
     * @param audit          what the seat database says
     * @param confirmedTo    the buyers who hold a confirmation for A1, Alice first
     * @param history        every step of both, on one clock
     */
    record Outcome(boolean aliceStopped, List<Integer> alicesServers, boolean struck, Answer alice, Answer bob,
                   AuditReport audit, List<String> confirmedTo, History history) {

        /** The first moment Bob held A1's lock while Alice did too, by their own lock steps, if any. */
        java.util.Optional<History.Overlap> twoHolders() {
            return history.overlaps().stream().findFirst();
        }
    }

    private WhileAliceWaits() {
    }

    /**
     * Runs the scene on {@code code}: Alice's locks live {@code alicesTtl} and she stops at {@code stopAt}; the check
     * {@code strikes}; Bob has {@code bobsTurn} to get an answer before Alice goes on.
     */
    static Outcome run(Implementation code, GraderRedis redis, Duration alicesTtl, Step stopAt, Strike strikes,
                       Duration bobsTurn) throws Exception {
        try (Scene scene = Scene.open(code, redis.services(), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
            scene.openNode("Alpha", RedisClients.open(redis.addresses(), alicesTtl, Lab07.COMMAND_TIMEOUT));
            Scene.Attempt alice = scene.start(ALICE, "Alpha", stopAt);
            boolean stopped = false;
            List<Integer> alicesServers = List.of();
            boolean struck = false;
            Answer bob = null;
            Scene.Attempt bobsAttempt = null;
            try {
                stopped = alice.awaitPaused(Timing.forPromptEvent());
                if (stopped) {
                    alicesServers = redis.holdersOf(code.lab().lockName(ALICE.seat()));
                    struck = strikes.strike();
                }
                if (struck) {
                    bobsAttempt = scene.start(BOB, "Beta");
                    bob = bobsAttempt.awaitAnswer(bobsTurn).orElse(null);
                }
            } finally {
                alice.goOn();
            }
            Answer alicesAnswer = alice.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            if (bob == null && bobsAttempt != null) {
                bob = bobsAttempt.awaitAnswer(Timing.forPromptEvent()).orElse(null);
            }
            List<String> confirmedTo = new java.util.ArrayList<>();
            for (Buyer buyer : List.of(ALICE, BOB)) {
                if (scene.confirmationsOf(buyer) > 0) {
                    confirmedTo.add(buyer.id());
                }
            }
            return new Outcome(stopped, alicesServers, struck, alicesAnswer, bob, scene.audit(), confirmedTo,
                    scene.history());
        }
    }
}
