package lockstep.lab06;

import java.util.OptionalLong;
import lockstep.workshop.lockserver.client.Grant;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.data.Stat;

/**
 * Where a holder's fencing token comes from: the number it shows the payment provider and the seat database with each
 * write, so that they can tell its writes from those of whoever holds the lock after it. This is the first file you
 * work on.
 *
 * <p>What it must guarantee when you are done: every grant of a seat's lock carries a larger token than every grant of
 * that lock before it, whoever holds it and on whatever node, and that stays true when the lock service restarts and
 * when the lock's folder in ZooKeeper is removed and made again.
 */
public final class FencingTokens {

    private FencingTokens() {
    }

    /** The fencing token of {@code grant}, a lease on Lab 02's lock server. */
    public static OptionalLong ofGrant(Grant grant) {
        // The server counts grants in one counter it logs to disk before it answers: larger with every grant, across
        // restarts. The holder token beside it is random, and the expiry is a time, equal for two grants in one
        // millisecond.
        return OptionalLong.of(grant.fencingToken());
    }

    /**
     * The fencing token of the Curator lock this holder holds through {@code lockNode}, its own znode in the lock's
     * folder (for example {@code /lockstep/lab06/A1/_c_...-lock-0000000003}).
     */
    public static OptionalLong ofLockNode(CuratorFramework zooKeeper, String lockNode) throws Exception {
        // The zxid of the transaction that created our node: ZooKeeper numbers every change it makes, in one order,
        // for ever. The sequence number in the name counts only this folder's children, from 0 again in a new one.
        Stat created = zooKeeper.checkExists().forPath(lockNode);
        if (created == null) {
            throw new IllegalStateException("the lock node " + lockNode + " is gone before its fencing token could be"
                    + " read: the session that held it has ended");
        }
        return OptionalLong.of(created.getCzxid());
    }
}
