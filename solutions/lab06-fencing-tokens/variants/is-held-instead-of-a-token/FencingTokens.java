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
        // MISTAKE: no token. The toolkit's sale asks isHeld() just before each write; surely that is enough?
        return OptionalLong.empty();
    }

    /**
     * The fencing token of the Curator lock this holder holds through {@code lockNode}, its own znode in the lock's
     * folder (for example {@code /lockstep/lab06/A1/_c_...-lock-0000000003}).
     */
    public static OptionalLong ofLockNode(CuratorFramework zooKeeper, String lockNode) throws Exception {
        // MISTAKE: no token here either; isHeld() before each write is trusted instead.
        return OptionalLong.empty();
    }
}
