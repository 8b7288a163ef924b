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
 * @param downAtTheStart servers killed before the race, numbered from 0
 * @param server         the server struck, numbered from 0
 * @param kind           what happens to it
 */
public record RedisStrike(List<Integer> downAtTheStart, int server, Kind kind) {

    /** How far a jumping clock moves: further than any lock here lives, so the struck server's locks all expire. */
    public static final Duration CLOCK_JUMP = Duration.ofMinutes(1);

    /** What happens to the struck server. */
    public enum Kind {
        /** SIGKILL, then started again without its data: it forgets every lock it granted. */
        RESTART_EMPTY,
        /** SIGKILL, then started again from its append-only file, fsynced at every write: it keeps its locks. */
        RESTART_FROM_ITS_FILE,
        /** Its clock jumps one minute forward (emulated, see {@link RedisClockJump}): its locks expire at once. */
        CLOCK_JUMP
    }

    public RedisStrike {
        Objects.requireNonNull(kind, "kind");
        downAtTheStart = List.copyOf(downAtTheStart);
        if (server < 0 || downAtTheStart.stream().anyMatch(down -> down < 0)) {
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
        return Math.max(server, downAtTheStart.stream().mapToInt(Integer::intValue).max().orElse(0)) + 1;
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
     * When the fault strikes: starts the servers that were down (empty), then makes the struck server forget, or keep,
     * its locks. Returns once every step has taken effect, with what each did.
     */
    List<FaultEvent> strike(RedisServers servers) throws IOException, InterruptedException {
        requireEnough(servers);
        List<FaultEvent> events = new ArrayList<>();
        for (int down : downAtTheStart) {
            events.add(RedisOutage.restart(servers, down, RedisPersistence.NONE));
        }
        switch (kind) {
            case RESTART_EMPTY, RESTART_FROM_ITS_FILE -> {
                events.add(RedisOutage.kill(servers, server));
                events.add(RedisOutage.restart(servers, server, persistence()));
            }
            case CLOCK_JUMP -> events.add(RedisClockJump.jumpForward(servers, server, CLOCK_JUMP));
        }
        return events;
    }

    /** In words, for tables: {@code Redis server 0 restarts empty (servers 3, 4 down until then)}. */
    @Override
    public String toString() {
        String what = switch (kind) {
            case RESTART_EMPTY -> "restarts empty";
            case RESTART_FROM_ITS_FILE -> "restarts from its fsynced file";
            case CLOCK_JUMP -> "jumps its clock " + CLOCK_JUMP.toMinutes() + " min forward";
        };
        String down = downAtTheStart.isEmpty() ? "" : " (" + (downAtTheStart.size() == 1 ? "server " : "servers ")
                + downAtTheStart.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " down until then)";
        return "Redis server " + server + " " + what + down;
    }

    private void requireEnough(RedisServers servers) {
        if (servers.size() < serversNeeded()) {
            throw new IllegalStateException("this fault needs at least " + serversNeeded() + " Redis servers, but the"
                    + " race has " + servers.size());
        }
    }
}
