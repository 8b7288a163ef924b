package lockstep.workshop.faults;

import lockstep.workshop.redis.RedisServers;

/**
 * Pauses one server of a {@link RedisServers} with SIGSTOP and resumes it with SIGCONT. While it is paused, its
 * kernel still accepts connections and requests, but nothing answers them: a client waits until its own timeout, as
 * with a server stuck in a long disk write or a frozen VM. After SIGCONT the server answers what was sent in the
 * meantime, to clients that may have given up long ago, and its keys' time to live has kept running (Redis measures
 * expiry on the wall clock), so a lock may have expired during the pause.
 */
public final class RedisPause {

    private RedisPause() {
    }

    /**
     * Sends SIGSTOP to server {@code server} (numbered from 0); returns once every thread of it has stopped.
     *
     * @throws IllegalStateException if it does not run, or does not stop within 10 s
     */
    public static FaultEvent pause(RedisServers servers, int server) throws InterruptedException {
        long start = System.nanoTime();
        ProcessHandle process = servers.process(server);
        ProcessPause.pause(process);
        return FaultEvent.since("SIGSTOP", RedisOutage.describe(servers, server) + ", pid " + process.pid(), start);
    }

    /**
     * Sends SIGCONT to server {@code server}; returns once none of its threads is stopped any more.
     *
     * @throws IllegalStateException if it does not run, or does not run again within 10 s
     */
    public static FaultEvent resume(RedisServers servers, int server) throws InterruptedException {
        long start = System.nanoTime();
        ProcessHandle process = servers.process(server);
        ProcessPause.resume(process);
        return FaultEvent.since("SIGCONT", RedisOutage.describe(servers, server) + ", pid " + process.pid(), start);
    }

    /** Whether server {@code server} is paused now. */
    public static boolean isPaused(RedisServers servers, int server) {
        return servers.isRunning(server) && ProcessPause.isPaused(servers.process(server));
    }
}
