package lockstep.workshop.faults;

import java.io.IOException;
import lockstep.workshop.redis.RedisPersistence;
import lockstep.workshop.redis.RedisServers;

/**
 * Kills one server of a {@link RedisServers} with SIGKILL, and starts it again on the same port. What it knows after
 * the restart depends on its {@link RedisPersistence}: with an append-only file fsynced before every answer, every key
 * it acknowledged (a lock it granted is still held); without persistence, nothing. That is Redlock's weak spot: a
 * server that comes back empty can grant a lock that it had already granted, and a second client may then win a
 * majority while the first still holds the lock.
 *
 * <p>SIGKILL gives Redis no chance to write anything more: what survives is what was on the disk already.
 */
public final class RedisOutage {

    private RedisOutage() {
    }

    /**
     * Sends SIGKILL to server {@code server} (numbered from 0) and returns once its process has exited.
     *
     * @throws IllegalStateException if it does not run, or is still there 10 s after the signal
     */
    public static FaultEvent kill(RedisServers servers, int server) throws InterruptedException {
        long start = System.nanoTime();
        String target = describe(servers, server) + ", pid " + servers.process(server).pid();
        ProcessKill.kill(servers.process(server));
        return FaultEvent.since("SIGKILL", target, start);
    }

    /**
     * Starts server {@code server} again on its port with {@code persistence}, and returns once it answers: with
     * {@link RedisPersistence#AOF_FSYNC_ALWAYS} it reads back its append-only file first; with
     * {@link RedisPersistence#NONE} it starts empty, whatever it wrote before.
     *
     * @throws IllegalStateException if it still runs (kill it first)
     * @throws IOException if it does not answer within 30 s
     */
    public static FaultEvent restart(RedisServers servers, int server, RedisPersistence persistence) throws IOException {
        long start = System.nanoTime();
        servers.restart(server, persistence);
        String name = persistence == RedisPersistence.NONE ? "restart empty" : "restart from its append-only file";
        return FaultEvent.since(name, describe(servers, server), start);
    }

    static String describe(RedisServers servers, int server) {
        return "Redis server " + server + " (" + servers.address(server) + ")";
    }
}
