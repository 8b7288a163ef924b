package lockstep.workshop.race;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import lockstep.workshop.faults.FaultEvent;
import lockstep.workshop.faults.RedisClockJump;
import lockstep.workshop.faults.RedisOutage;
import lockstep.workshop.redis.RedisPersistence;
import lockstep.workshop.redis.RedisServers;

/**
 * What a race's fault does to the race's own Redis servers, rather than to a node process (Lab 07): one server forgets
 * the lock it granted. It is killed and comes back without its data, or comes back from its fsynced append-only file
 * (the fix one side of the Redlock debate proposes), or its clock jumps forward and the lock's key expires at once.
 *
 * <p>Servers may also be down from the start: killed before the buyers press Buy, so that the first holder wins a bare
 * majority on the others (3 of 5 with 2 down, as Redlock allows). When the fault strikes they come back, empty, as a
 * partitioned server comes back into reach; with one of the holder's 3 servers forgetting its lock, 3 servers are free
 * for a second buyer while the first still works.
 *
 * <p>With no server down at the start, a server that forgets is about one server's loss, and the holder may have won
 * any number of servers. A holder on 4 or 5 of 5 keeps a majority when one forgets; a holder that won a bare 3 does
 * not, and that is the other lesson, the one the servers down at the start force. So every strike first reads where
 * the lock lives ({@link RedisLockCopies}), and when a forgetting server would take a copy from a bare majority, it
 * does not strike: the race is then inconclusive about this fault, and says why.
 *
 * @param downAtTheStart servers killed before the race, numbered from 0
 * @param server         the server struck, numbered from 0, or {@link #A_SERVER_OF_THE_LOCK}
 * @param kind           what happens to it
 */
public record RedisStrike(List<Integer> downAtTheStart, int server, Kind kind) {

    /**
     * Strike the lowest-numbered server that the lock is on when the fault strikes: whichever servers its holder won,
     * the strike takes one of its copies away (server 0 when the lock lives there, as the starter's does).
     */
    public static final int A_SERVER_OF_THE_LOCK = -1;

    /** How far a jumping clock moves: further than any lock here lives, so the struck server's locks all expire. */
    public static final Duration CLOCK_JUMP = Duration.ofMinutes(1);

    /** What happens to the struck server. */
    public enum Kind {
        /** SIGKILL, then started again without its data: it forgets every lock it granted. */
        RESTART_EMPTY,
        /** SIGKILL, then started again from its append-only file, fsynced at every write: it keeps its locks. */
        RESTART_FROM_ITS_FILE,
        /** Its clock jumps one minute forward (emulated, see {@link RedisClockJump}): its locks expire at once. */
        CLOCK_JUMP;

        /** Whether the server lives on without the locks it granted, free to grant them again. */
        boolean forgets() {
            return this != RESTART_FROM_ITS_FILE;
        }
    }

    public RedisStrike {
        Objects.requireNonNull(kind, "kind");
        downAtTheStart = List.copyOf(downAtTheStart);
        if (server < A_SERVER_OF_THE_LOCK || downAtTheStart.stream().anyMatch(down -> down < 0)) {
            throw new IllegalArgumentException("Redis servers are numbered from 0, but were " + downAtTheStart + " and "
                    + server);
        }
        if (downAtTheStart.contains(server)) {
            throw new IllegalArgumentException("server " + server + " must be up to hold a lock it can forget, yet it"
                    + " is down at the start");
        }
    }

    /** What the race's servers keep on disk from the start: restarting from a file needs one written all along. */
    public RedisPersistence persistence() {
        return kind == Kind.RESTART_FROM_ITS_FILE ? RedisPersistence.AOF_FSYNC_ALWAYS : RedisPersistence.NONE;
    }

    /** How many servers the race needs at least, so that every server named here exists. */
    public int serversNeeded() {
        return Math.max(Math.max(server, 0), downAtTheStart.stream().mapToInt(Integer::intValue).max().orElse(0)) + 1;
    }

    /**
     * Before the race: kills the servers that are down at the start.
     *
     * @throws IllegalStateException if {@code servers} are too few, or one does not die
     */
    void prepare(RedisServers servers) throws InterruptedException {
        requireEnough(servers);
        for (int down : downAtTheStart) {
            RedisOutage.kill(servers, down);
        }
    }

    /**
     * What a strike did: whether it struck, the steps it took, and in words where the lock was (and, when it did not
     * strike, why), to follow "it" in a sentence.
     */
    record Landing(boolean struck, List<FaultEvent> events, String words) {
    }

    /**
     * When the fault strikes: reads where the lock lives, starts the servers that were down (empty), then makes the
     * struck server forget, or keep, its locks. Returns once every step has taken effect. Does nothing when the strike
     * would miss its point (see above).
     */
    Landing strike(RedisServers servers) throws IOException, InterruptedException {
        requireEnough(servers);
        RedisLockCopies lock = RedisLockCopies.read(servers);
        int struck = server == A_SERVER_OF_THE_LOCK ? lock.firstServer().orElse(0) : server;
        if (downAtTheStart.isEmpty() && kind.forgets() && lock.isABareMajority() && lock.servers().contains(struck)) {
            return new Landing(false, List.of(), "found that " + lock + ": a bare majority. Had server " + struck
                    + " forgotten it, another buyer could have won a majority, which the faults with servers down at"
                    + " the start show. This fault is about a lock on more than a bare majority, so it did not"
                    + " strike. Race again");
        }
        List<FaultEvent> events = new ArrayList<>();
        for (int down : downAtTheStart) {
            events.add(RedisOutage.restart(servers, down, RedisPersistence.NONE));
        }
        switch (kind) {
            case RESTART_EMPTY, RESTART_FROM_ITS_FILE -> {
                events.add(RedisOutage.kill(servers, struck));
                events.add(RedisOutage.restart(servers, struck, persistence()));
            }
            case CLOCK_JUMP -> events.add(RedisClockJump.jumpForward(servers, struck, CLOCK_JUMP));
        }
        long tookMillis = events.stream().mapToLong(event -> event.duration().toMillis()).sum();
        return new Landing(true, events, lock + "; then server " + struck + " " + what() + " (the strike took "
                + String.format(java.util.Locale.ROOT, "%,d", tookMillis) + " ms)");
    }

    /** In words, for tables: {@code Redis server 0 restarts empty (servers 3, 4 down until then)}. */
    @Override
    public String toString() {
        String down = downAtTheStart.isEmpty() ? "" : " (" + (downAtTheStart.size() == 1 ? "server " : "servers ")
                + downAtTheStart.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " down until then)";
        String struck = server == A_SERVER_OF_THE_LOCK ? "one of the lock's Redis servers" : "Redis server " + server;
        return struck + " " + what() + down;
    }

    private String what() {
        return switch (kind) {
            case RESTART_EMPTY -> "restarts empty";
            case RESTART_FROM_ITS_FILE -> "restarts from its fsynced file";
            case CLOCK_JUMP -> "jumps its clock " + CLOCK_JUMP.toMinutes() + " min forward";
        };
    }

    private void requireEnough(RedisServers servers) {
        if (servers.size() < serversNeeded()) {
            throw new IllegalStateException("this fault needs at least " + serversNeeded() + " Redis servers, but the"
                    + " race has " + servers.size());
        }
    }
}
