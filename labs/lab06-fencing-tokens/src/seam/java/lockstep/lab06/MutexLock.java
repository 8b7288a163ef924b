package lockstep.lab06;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lock.DistributedLock;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;

/**
 * Curator's {@code InterProcessMutex} as the toolkit's lock, with the fencing token of the lock node it holds.
 *
 * <p>Guarantees: one holder at a time while sessions live; the waiters queue on sequential znodes, each watching the
 * one before it. {@link #isHeld()} turns false at the first SUSPENDED or LOST the client hears after the grant, as
 * Curator's notes advise: the server may have expired the session before the client learns of it. Even so, a holder
 * frozen between {@code isHeld()} and its write learns nothing until it has written. That is what the token is for.
 */
final class MutexLock implements DistributedLock, ConnectionStateListener {

    private final CuratorFramework zooKeeper;
    private final Mutex mutex;
    private volatile boolean acquired;
    private volatile boolean lost;
    private OptionalLong token = OptionalLong.empty();

    MutexLock(CuratorFramework zooKeeper, String folder) {
        this.zooKeeper = zooKeeper;
        this.mutex = new Mutex(zooKeeper, folder);
    }

    /**
     * Takes the mutex, waiting up to {@code maxWait}, and reads the token of its lock node.
     *
     * @throws Exception when ZooKeeper cannot be reached, or the lock node is gone before its token could be read
     */
    @Override
    public boolean acquire(Duration maxWait) throws Exception {
        if (!mutex.acquire(maxWait.toMillis(), TimeUnit.MILLISECONDS)) {
            return false;
        }
        acquired = true;
        zooKeeper.getConnectionStateListenable().addListener(this);
        if (!zooKeeper.getZookeeperClient().isConnected()) {
            lost = true; // suspended before the listener was there to hear it
        }
        try {
            token = FencingTokens.ofLockNode(zooKeeper, mutex.lockNode());
        } catch (Exception e) {
            // A holder without its token cannot write; it must not keep the seat's lock from the next buyer either.
            release();
            throw e;
        }
        return true;
    }

    @Override
    public boolean isHeld() {
        return acquired && !lost && mutex.isOwnedByCurrentThread();
    }

    @Override
    public void release() {
        zooKeeper.getConnectionStateListenable().removeListener(this);
        if (!acquired) {
            return;
        }
        acquired = false;
        try {
            mutex.release();
        } catch (Exception e) {
            // The session may be gone, and its ephemeral lock node with it; Curator retries the delete in the
            // background if the connection comes back. Either way the lock is not ours to give any more.
        }
    }

    @Override
    public OptionalLong fencingToken() {
        return token;
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        if (newState == ConnectionState.SUSPENDED || newState == ConnectionState.LOST) {
            lost = true;
        }
    }

    /** The mutex, with the path of the lock node it holds: Curator keeps that protected. */
    private static final class Mutex extends InterProcessMutex {

        Mutex(CuratorFramework zooKeeper, String folder) {
            super(zooKeeper, folder);
        }

        /** This thread's lock node, for example {@code /lockstep/lab06/A1/_c_...-lock-0000000003}. */
        String lockNode() {
            return getLockPath();
        }
    }
}
