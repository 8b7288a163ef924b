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
 *   <li>{@link lockstep.workshop.zookeeper.FourLetterWords}: ask a server what it is (leader,
 *       follower, standalone) over its client port.
 *   <li>{@link lockstep.workshop.zookeeper.WatchNotificationCounter}: count the watch
 *       notifications the servers send, to measure the herd.
 *   <li>{@link lockstep.workshop.zookeeper.HerdBenchmark}: notifications per handoff of a lock
 *       that watches one znode, against the sequential-znode recipe.
 * </ul>
 */
package lockstep.workshop.zookeeper;
