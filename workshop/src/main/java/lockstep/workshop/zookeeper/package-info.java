/**
 * ZooKeeper for every lab, with no Docker needed.
 *
 * <ul>
 *   <li>{@link lockstep.workshop.zookeeper.EmbeddedZooKeeper}: a real ZooKeeper server, or an
 *       ensemble of several, running inside this JVM; members can be stopped and restarted one at
 *       a time.
 *   <li>{@link lockstep.workshop.zookeeper.ZooKeeperConnections}: connect a Curator client or a
 *       plain ZooKeeper handle, and fail within seconds, saying how to start a server, when
 *       nothing answers.
 *   <li>{@link lockstep.workshop.zookeeper.CuratorConnection}: a node's Curator client and what the
 *       node keeps beside it (its locks), as a lock lab that uses Curator hands it to the toolkit.
 *   <li>{@link lockstep.workshop.zookeeper.FourLetterWords}: ask a server what it is (leader,
 *       follower, standalone) over its client port.
 *   <li>{@link lockstep.workshop.zookeeper.ZNodes}: wait, with a watch, until a znode is gone.
 *   <li>{@link lockstep.workshop.zookeeper.LockHolder}: who holds a lock, by ZooKeeper's word: the
 *       session that owns the lock's znode, or the head of its queue of sequential znodes.
 *   <li>{@link lockstep.workshop.zookeeper.WatchNotificationCounter} and
 *       {@link lockstep.workshop.zookeeper.ReadCounter}: count the watch notifications the servers
 *       send (the herd) and the reads they answer (polling), from the servers' own metrics.
 *   <li>{@link lockstep.workshop.zookeeper.HerdMeasurement}: the herd of any lock (watch
 *       notifications per handoff), the learner's included.
 *   <li>{@link lockstep.workshop.zookeeper.StartupBenchmark}: the start-up figures in the benchmarks.
 * </ul>
 */
package lockstep.workshop.zookeeper;
