package lockstep.workshop.grading;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.ReadCounter;

/**
 * The check that a ZooKeeper lock waits on a watch instead of polling: while Alice holds A1's lock for {@link #HOLD},
 * Bob asks for it, and the reads his lock makes of ZooKeeper in that window are counted ({@link ReadCounter}). A lock
 * that waits on a watch reads a few times and sleeps; one that polls reads again and again. Then Alice lets go, and
 * Bob must get the lock at once.
 *
 * <p>The window is a measurement, not a synchronisation: nothing waits for it to pass but the count.
 */
public final class WaitWithoutPolling {

    /** How long Alice holds the lock while Bob waits: the window in which Bob's reads are counted. */
    public static final Duration HOLD = Duration.ofSeconds(1);
    /** The most reads a lock that waits on a watch makes in the window: a look, a watch, a margin. */
    public static final int MOST_READS_WHILE_WAITING = 3;

    private WaitWithoutPolling() {
    }

    /**
     * Runs the check: {@code alice} holds A1's lock already; {@code bob}'s acquire may wait up to {@code wait}. Both let
     * go before it ends. {@code howToWait} follows the count when Bob's lock polls: how a lock of the lab waits
     * instead.
     */
    public static void assertBobWaitsWithoutPolling(DistributedLock alice, DistributedLock bob, Duration wait,
            String howToWait) throws Exception {
        ReadCounter reads = ReadCounter.start("/lockstep");
        LockCall bobWaits = LockCall.acquire(bob, "Bob", wait);
        Thread.sleep(HOLD.toMillis()); // the measuring window, not a synchronisation: nothing waits for it
        long readsWhileWaiting = reads.readsSinceStart();
        boolean bobGotItFromAlice = bobWaits.returnedTrue();
        alice.release();
        boolean bobGotItAfterwards = bobWaits.awaitDoneOrAbandon(Timing.forPromptEvent()) && bobWaits.returnedTrue();
        bob.release();

        assertThat(bobGotItFromAlice)
                .withFailMessage("Bob got A1's lock while Alice still held it: two holders at once.")
                .isFalse();
        assertThat(readsWhileWaiting)
                .withFailMessage("While Alice held A1's lock for %d ms, Bob's lock read ZooKeeper %d times (about"
                        + " every %d ms): it polls. Every look is a round trip to the server, and with 1,000"
                        + " waiters that is thousands of reads a second for nothing. %s", HOLD.toMillis(),
                        readsWhileWaiting, HOLD.toMillis() / Math.max(1, readsWhileWaiting), howToWait)
                .isLessThanOrEqualTo(MOST_READS_WHILE_WAITING);
        assertThat(bobGotItAfterwards)
                .withFailMessage("Alice released A1's lock, but Bob did not get it within %d s%s.",
                        Timing.forPromptEvent().toSeconds(), bobWaits.failure()
                                .map(failure -> ": his acquire() threw " + failure).orElse(""))
                .isTrue();
    }
}
