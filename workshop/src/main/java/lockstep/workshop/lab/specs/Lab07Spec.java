package lockstep.workshop.lab.specs;

import java.time.Duration;
import java.util.List;
import lockstep.workshop.lab.DemoRace;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.NamedFault;
import lockstep.workshop.race.RedisStrike;

/**
 * Lab 07: Redlock, a lock on a majority of five independent Redis servers, and the faults of the debate about it. The
 * locks are keys named {@code seat-A1}; races start five Redis servers of their own.
 */
public final class Lab07Spec {

    /**
     * How long at most the holder's work waits at the fault's point for another buyer to sell its seat, counted from
     * when it got there: within the lab's 5 s time to live, with 2 s to spare for a loaded machine, so that the holder
     * still trusts its lock when it goes on.
     */
    private static final Duration HOLDER_WAITS_AT_MOST = Duration.ofSeconds(3);

    public static final Lab SPEC = Lab.onRedis(7, "lab07-redlock", "Redlock on independent Redis servers").withFaults(
            new NamedFault("one-server-restarts-empty", Fault.strikeRedisAt("charging", new RedisStrike(List.of(),
                    RedisStrike.A_SERVER_OF_THE_LOCK, RedisStrike.Kind.RESTART_EMPTY), HOLDER_WAITS_AT_MOST),
                    "The first buyer to start charging a card holds A1's lock; the lowest-numbered Redis server"
                            + " its lock is on is then killed and restarts empty, while that buyer's payment goes on"
                            + " (up to 3 s, until another buyer has sold A1). A lock on that server alone is gone,"
                            + " and the next buyer sells A1 a second time. A Redlock holder on 4 or 5 servers keeps"
                            + " 3 or more: nobody else can win 3. (A holder that won a bare 3 would keep 2; then the"
                            + " fault does not strike, and the race says it is inconclusive.)"),
            new NamedFault("holder-pause-past-validity", Fault.pauseAt("charging", Duration.ofSeconds(8)),
                    "The first buyer to start charging a card has its node frozen (SIGSTOP) for 8 s, past its"
                            + " lock's 5 s time to live: its keys expire on every server, and the next buyer wins"
                            + " them and sells A1. When the node wakes up, the charge it had started goes through"
                            + " (a write after the lock had passed on), and a correct holder confirms nothing: two"
                            + " holders at once, and 1 buyer charged without a seat."),
            new NamedFault("restart-without-persistence", Fault.strikeRedisAt("charging",
                    new RedisStrike(List.of(3, 4), 0, RedisStrike.Kind.RESTART_EMPTY), HOLDER_WAITS_AT_MOST),
                    "Servers 3 and 4 are down from the start, so the first buyer wins a bare majority: 0, 1 and 2."
                            + " As it starts charging, 3 and 4 come back and server 0 restarts empty: three servers"
                            + " are free, a second buyer wins them and sells A1 while the first still works, and"
                            + " then the first confirms too. A correct Redlock sells the seat twice."),
            new NamedFault("restart-from-fsynced-file", Fault.strikeRedisAt("charging",
                    new RedisStrike(List.of(3, 4), 0, RedisStrike.Kind.RESTART_FROM_ITS_FILE), HOLDER_WAITS_AT_MOST),
                    "The same, with every server writing an append-only file fsynced before each answer: server 0"
                            + " comes back with the first buyer's key, nobody else can win a majority, and A1 is"
                            + " sold once. (The holder waits the whole 3 s for a sale that never comes.)"),
            new NamedFault("clock-jump", Fault.strikeRedisAt("charging",
                    new RedisStrike(List.of(3, 4), 0, RedisStrike.Kind.CLOCK_JUMP), HOLDER_WAITS_AT_MOST),
                    "Servers 3 and 4 are down from the start, so the first buyer wins 0, 1 and 2. As it starts"
                            + " charging, 3 and 4 come back and server 0's clock jumps a minute forward, so its key"
                            + " expires at once: a second buyer wins 0, 3 and 4 and sells A1, and then the first"
                            + " confirms too. A correct Redlock sells the seat twice."))
            .withRaceNote("Lab 07's lesson is in its faults: race with --fault one-server-restarts-empty to see what a"
                    + " majority survives, then the debate's restart-without-persistence, clock-jump and"
                    + " holder-pause-past-validity, where a correct Redlock grants the lock twice, and"
                    + " restart-from-fsynced-file, where it does not.")
            .withDemo(DemoRace.under("one-server-restarts-empty", "A lock on one Redis server is gone when that server"
                    + " restarts empty, and the seat is sold twice if the next buyer gets in while the first still"
                    + " pays (not in every run: the restart takes seconds as the race starts). Redlock's holder on 4 or"
                    + " 5 servers survives it; a first holder on a bare 3 of 5, common in a stampede, is not struck"
                    + " (INCONCLUSIVE), as one lost copy would free a majority."));

    private Lab07Spec() {
    }
}
