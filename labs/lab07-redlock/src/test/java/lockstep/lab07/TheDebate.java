package lockstep.lab07;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Step;
import lockstep.workshop.faults.RedisClockJump;
import lockstep.workshop.faults.RedisOutage;
import lockstep.workshop.grading.History;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.redis.RedisPersistence;

/**
 * The scenarios of the Redlock debate, each played on a correct Redlock with a {@link WhileAliceWaits} scene: what they
 * show is what Redlock does, not a mistake of yours. They run on the reference solution when this workshop has it
 * built, and otherwise on the code being graded.
 */
final class TheDebate {

    /** Long enough that no slow machine ends Alice's lock before the scene does: what ends it is the fault. */
    static final Duration ALICES_LONG_TTL = Duration.ofSeconds(30);
    /** Short, so that the scene need not wait long for Alice's lock to run out while she is frozen. */
    static final Duration ALICES_SHORT_TTL = Duration.ofSeconds(1);
    /** How long Bob has to buy A1 while Alice waits: far more than he needs when a majority is free to win. */
    static final Duration BOBS_TURN = Duration.ofSeconds(2);
    /** The servers that are down while Alice takes her lock, so that she wins a bare majority: 0, 1 and 2. */
    static final List<Integer> DOWN_AT_FIRST = List.of(3, 4);
    /** The server that forgets Alice's lock. */
    static final int STRUCK = 0;

    private TheDebate() {
    }

    /** The reference solution, if this workshop has it built; otherwise {@code graded}. */
    static Implementation codeFor(Implementation graded) {
        if (graded.name().equals(Implementations.SOLUTION)) {
            return graded;
        }
        try {
            return new Implementations(WorkshopHome.current()).solution(graded.lab());
        } catch (RuntimeException notBuilt) {
            return graded; // a learners' edition, or the solutions not built yet
        }
    }

    /**
     * Alice is frozen just before her charge, past her lock's validity: her keys expire on every server, Bob buys A1,
     * and then Alice wakes up and charges.
     */
    static WhileAliceWaits.Outcome frozenPastValidity(Implementation code) throws Exception {
        try (GraderRedis redis = GraderRedis.start(5)) {
            String key = code.lab().lockName("A1");
            return WhileAliceWaits.run(code, redis, ALICES_SHORT_TTL, Step.CHARGING,
                    () -> redis.awaitKeyGone(key, ALICES_SHORT_TTL.plus(Timing.forPromptEvent())), BOBS_TURN);
        }
    }

    /**
     * Servers 3 and 4 are down while Alice takes her lock (she wins 0, 1 and 2); as she starts to charge they come back
     * empty, and server 0 is killed and restarts with {@code persistence}: empty, or from its fsynced file.
     */
    static WhileAliceWaits.Outcome restart(Implementation code, RedisPersistence persistence) throws Exception {
        try (GraderRedis redis = GraderRedis.start(5, persistence)) {
            takeDownAtFirst(redis);
            return WhileAliceWaits.run(code, redis, ALICES_LONG_TTL, Step.CHARGING, () -> {
                bringBack(redis);
                RedisOutage.kill(redis.servers(), STRUCK);
                RedisOutage.restart(redis.servers(), STRUCK, persistence);
                return true;
            }, BOBS_TURN);
        }
    }

    /**
     * Servers 3 and 4 are down while Alice takes her lock (she wins 0, 1 and 2); as she starts to charge they come back
     * empty, and server 0's clock jumps a minute forward.
     */
    static WhileAliceWaits.Outcome clockJump(Implementation code) throws Exception {
        try (GraderRedis redis = GraderRedis.start(5)) {
            takeDownAtFirst(redis);
            return WhileAliceWaits.run(code, redis, ALICES_LONG_TTL, Step.CHARGING, () -> {
                bringBack(redis);
                RedisClockJump.jumpForward(redis.servers(), STRUCK, Duration.ofMinutes(1));
                return true;
            }, BOBS_TURN);
        }
    }

    /** The outcome in numbers, for the note under the check. */
    static String numbers(WhileAliceWaits.Outcome outcome, Implementation code) {
        AuditReport audit = outcome.audit();
        String twoHolders = outcome.twoHolders().map(History.Overlap::toString)
                .orElse("Alice and Bob never held the lock at once");
        return String.format(Locale.ROOT, "On the %s: Alice held A1's lock on servers %s; Alice was told '%s', Bob"
                        + " '%s'; %s; A1 confirmed to %s; %d charged without a seat.", code.name().equals(
                                Implementations.SOLUTION) ? "reference solution" : code.name() + " code",
                outcome.alicesServers(), outcome.alice(), outcome.bob(), twoHolders,
                outcome.confirmedTo().isEmpty() ? "nobody" : String.join(" and ", outcome.confirmedTo()),
                audit.chargedWithoutSeat());
    }

    private static void takeDownAtFirst(GraderRedis redis) throws InterruptedException {
        for (int down : DOWN_AT_FIRST) {
            RedisOutage.kill(redis.servers(), down);
        }
    }

    private static void bringBack(GraderRedis redis) throws java.io.IOException {
        for (int down : DOWN_AT_FIRST) {
            RedisOutage.restart(redis.servers(), down, RedisPersistence.NONE);
        }
    }
}
