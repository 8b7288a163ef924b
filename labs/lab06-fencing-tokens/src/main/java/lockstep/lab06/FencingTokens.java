package lockstep.lab06;

import java.util.OptionalLong;
import lockstep.workshop.lockserver.client.Grant;
import org.apache.curator.framework.CuratorFramework;

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
        // TODO(lab06): Task 1. No token: the resources cannot tell this holder's writes from a newer holder's, so they
        //  take them all, and a holder that slept through its lease wakes up and charges a card for a seat it lost.
        //  What must hold: a number that only grows from one grant of the lock to the next, whoever gets it, also
        //  after the lock server restarts. The grant carries several numbers; only one of them has an order.
        return OptionalLong.empty();
    }

    /**
     * The fencing token of the Curator lock this holder holds through {@code lockNode}, its own znode in the lock's
     * folder (for example {@code /lockstep/lab06/A1/_c_...-lock-0000000003}).
     */
    public static OptionalLong ofLockNode(CuratorFramework zooKeeper, String lockNode) throws Exception {
        // TODO(lab06): Task 1. No token here either.
        //  What must hold: larger for every later lock node of the lock than for this one, also after the folder was
        //  removed and made again. The number at the end of the node's name is counted per folder, from 0 again in a
        //  new folder; ZooKeeper keeps a number for every change it ever made, and never counts it down.
        return OptionalLong.empty();
    }
}
