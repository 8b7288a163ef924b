/**
 * Faults a grader injects on purpose, each a named, deterministic step placed at a chosen point of
 * the protocol, never a random sleep. Every step returns once its effect is observable (the process
 * is dead or stopped, the session is gone on the server, the traffic no longer flows) and returns a
 * {@link lockstep.workshop.faults.FaultEvent} timed with {@code System.nanoTime()}, so a history can
 * tell whether the fault landed inside a critical section.
 *
 * <ul>
 *   <li>{@link lockstep.workshop.faults.ProcessKill}: SIGKILL a node's process.
 *   <li>{@link lockstep.workshop.faults.ProcessPause}: SIGSTOP and SIGCONT a node's process (a GC
 *       pause longer than the session, as ZooKeeper sees it).
 *   <li>{@link lockstep.workshop.faults.SessionExpiry}: expire a ZooKeeper session on the server,
 *       now.
 *   <li>{@link lockstep.workshop.faults.TcpProxy} and {@link lockstep.workshop.faults.ZooKeeperPartition}:
 *       cut a client off from ZooKeeper (or any TCP service), then heal the cut.
 *   <li>{@link lockstep.workshop.faults.FaultSession}: a node's ZooKeeper session that loses the next
 *       create's or delete's request or answer, or the next watched read, or lets the queue change
 *       after a listing, at the client's edge; and shows where the lock set its watches and whether
 *       every watcher has heard a change of the connection.
 *   <li>{@link lockstep.workshop.faults.ServerOutage}: stop and restart one ZooKeeper server, the
 *       follower a session is on, the leader, or a majority (no quorum); a race strikes these
 *       under a buyer who holds a lock ({@code Fault.stopLeaderAt}, Lab 08).
 *   <li>{@link lockstep.workshop.faults.RedisOutage}, {@link lockstep.workshop.faults.RedisPause} and
 *       {@link lockstep.workshop.faults.RedisClockJump}: kill a Redis server and start it again with or without its
 *       data, pause and resume one, and jump one server's clock forward (emulated: its keys expire early).
 *   <li>{@link lockstep.workshop.faults.ChildJvm}: run a node as a separate JVM, so the process
 *       faults have a process to act on.
 * </ul>
 */
package lockstep.workshop.faults;
