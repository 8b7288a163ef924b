package lockstep.workshop.zookeeper;

import org.apache.curator.framework.CuratorFramework;

/**
 * A node's connection to ZooKeeper through a Curator client, together with whatever the node keeps
 * beside its client (its locks, for example): the connection type of a lock lab that uses Curator.
 *
 * <p>Why not the bare {@link CuratorFramework}: a node's Curator locks must outlive each buyer's
 * attempt (Curator's mutex is re-entrant per mutex object), so the node keeps them, and the node
 * is the learner's own class. A grader cannot name that class (each implementation is loaded in a
 * class loader of its own), but it can name this interface, and through it reach the client: to
 * expire its session, to hear its connection states, to count its listeners.
 */
public interface CuratorConnection extends AutoCloseable {

    /** The node's Curator client, started and connected when the connection was opened. */
    CuratorFramework curator();
}
