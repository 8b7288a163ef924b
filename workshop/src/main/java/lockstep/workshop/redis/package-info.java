/**
 * Redis for the labs, with no Docker and nothing to install.
 *
 * <ul>
 *   <li>{@link lockstep.workshop.redis.RedisServers}: real Redis servers, each a {@code redis-server} process of its
 *       own on 127.0.0.1, independent of the others (as Redlock wants them); a killed one can be started again on its
 *       port, with its data or without.
 *   <li>{@link lockstep.workshop.redis.RedisBinary}: which {@code redis-server} runs: the one inside the
 *       embedded-redis jar, else one on the PATH, and the version it reports.
 *   <li>{@link lockstep.workshop.redis.RedisPersistence}: what a server keeps on disk, and so what it still knows
 *       after a restart.
 *   <li>{@link lockstep.workshop.redis.RedisConnections}: Jedis clients whose every command has a time limit, and
 *       that fail, saying how to start servers, when nothing answers.
 *   <li>{@link lockstep.workshop.redis.RedisClients}: one node's clients of several servers, as a Redis lock lab's
 *       node holds them (Lab 07): connections opened when needed and again after a server came back.
 *   <li>{@link lockstep.workshop.redis.RedisServerStatus}: what a server says about itself ({@code redis status}).
 *   <li>{@link lockstep.workshop.redis.RedisStartupBenchmark}: the start-up figures in the benchmarks.
 * </ul>
 *
 * <p>The faults on these servers (kill, restart, pause, clock jump) are in {@code lockstep.workshop.faults}.
 */
package lockstep.workshop.redis;
