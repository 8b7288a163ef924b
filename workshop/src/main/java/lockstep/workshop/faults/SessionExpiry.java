package lockstep.workshop.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;

/**
 * Expires a ZooKeeper session on the server, now, whatever its owner is doing: its ephemeral
 * znodes (its locks) are deleted, the next waiter can take the lock, and the owner is told
 * {@code Expired} (Curator: {@code LOST}) when it next hears from the server.
 *
 * <p>How: open a second handle with the victim's session id and password (the server then
 * serves that session on our connection and drops the victim's), then close it, which ends the
 * session on the server in one transaction that also deletes its ephemeral znodes. We repeat
 * until a new handle with those credentials is refused as expired, which is the server's own
 * word that the session is over. ZooKeeper's client-side test hook
 * ({@code getTestable().injectSessionExpiration()}, used by curator-test's {@code KillSession})
 * is not used: it only makes the client believe it expired, while the server keeps the
 * session and its znodes for up to the whole timeout.
 *
 * <p>Readers connected to other members of an ensemble may see the znodes for a few more
 * milliseconds, until their member applies the transaction; they should {@code sync()} first.
 */
public final class SessionExpiry {

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(10);
    private static final int MAX_ATTEMPTS = 5;

    private SessionExpiry() {
    }

    /**
     * Expires the session of {@code victim}, a Curator client.
     *
     * @param connectString a way to the servers that is not cut off (not the victim's proxy)
     */
    public static FaultEvent expire(CuratorFramework victim, String connectString) throws InterruptedException {
        try {
            return expire(victim.getZookeeperClient().getZooKeeper(), connectString);
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // Curator declares 'throws Exception' for getZooKeeper(); it fails only on a closed client.
            throw new IllegalStateException("could not reach the ZooKeeper handle of the Curator client to expire", e);
        }
    }

    /**
     * Expires the session of {@code victim}, a plain ZooKeeper handle.
     *
     * @param connectString a way to the servers that is not cut off (not the victim's proxy)
     */
    public static FaultEvent expire(ZooKeeper victim, String connectString) throws InterruptedException {
        return expire(victim.getSessionId(), victim.getSessionPasswd(), connectString);
    }

    /**
     * Expires session {@code sessionId} and returns once the server has ended it (and deleted its
     * ephemeral znodes).
     *
     * @param connectString a way to the servers that is not cut off (not the victim's proxy)
     * @throws IllegalStateException if the servers do not confirm the expiry within a few attempts
     */
    public static FaultEvent expire(long sessionId, byte[] password, String connectString) throws InterruptedException {
        long start = System.nanoTime();
        String target = "session 0x" + Long.toHexString(sessionId);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            AtomicReference<KeeperState> outcome = new AtomicReference<>();
            CountDownLatch answered = new CountDownLatch(1);
            ZooKeeper impostor;
            try {
                impostor = new ZooKeeper(connectString, Math.toIntExact(STEP_TIMEOUT.toMillis()), event -> {
                    if (event.getState() == KeeperState.SyncConnected || event.getState() == KeeperState.Expired) {
                        outcome.compareAndSet(null, event.getState());
                        answered.countDown();
                    }
                }, sessionId, password);
            } catch (IOException e) {
                throw new IllegalStateException("cannot expire " + target + ": bad connect string " + connectString, e);
            }
            try {
                if (!answered.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("cannot expire " + target + ": no server at " + connectString
                            + " answered within " + STEP_TIMEOUT.toSeconds() + " s");
                }
                if (outcome.get() == KeeperState.Expired) {
                    return FaultEvent.since("session expiry", target, start);
                }
            } finally {
                // Connected as the victim: closing ends the session on the server. If the victim
                // reconnected first and took the session back, the next attempt tries again.
                impostor.close();
            }
        }
        throw new IllegalStateException("the servers at " + connectString + " did not confirm the expiry of " + target
                + " after " + MAX_ATTEMPTS + " attempts");
    }
}
