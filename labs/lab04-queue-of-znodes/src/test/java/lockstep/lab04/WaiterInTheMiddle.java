package lockstep.lab04;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import lockstep.workshop.faults.FaultSession;
import lockstep.workshop.faults.SessionExpiry;
import lockstep.workshop.grading.LockCall;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Sessions;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.NodeSession;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;

/**
 * Three buyers in A1's queue, in an order fixed by the watches the grader sees them set: Alice holds
 * A1's lock, Bob waits behind her, Carol behind Bob. Then Bob leaves the queue without ever holding
 * the lock, in one of four ways, and the grader watches what Carol does: she must look at the queue
 * again, wait for Alice (not take the lock, not sleep for ever), and get A1 once Alice lets go.
 */
final class WaiterInTheMiddle {

    /** How Bob leaves the queue. */
    enum Leave {
        /** Bob is the grader's own znode, and the grader deletes it: a buyer who gave up, whatever his code. */
        STRANGER_DELETED,
        /** Bob's acquire() was given a short maxWait, which runs out. */
        TIME_RUNS_OUT,
        /** Bob's acquire() is interrupted. */
        INTERRUPTED,
        /** Bob's session expires on the server. */
        SESSION_EXPIRES
    }

    /** How often {@link #waitsInLine} looks whether the call has ended meanwhile. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(20);

    /** How long Bob waits when his time is to run out: long enough for Carol to queue behind him on a busy machine. */
    static final Duration BOBS_SHORT_WAIT = Timing.scaled(Duration.ofSeconds(3));

    /**
     * What happened.
     *
     * @param carolBehindBob       whether Carol had joined the queue behind Bob and set a watch before he left
     *                             (else the check is inconclusive)
     * @param whyNotInLine         if not, what Bob's and Carol's acquire() did instead, in words
     * @param carolWatchedBob      whether the watch Carol set was on Bob's znode, the one just before hers
     * @param carolWatched         what Carol's session watched in A1's folder by then (the folder, znodes), for a
     *                             message
     * @param bobReturned          whether Bob's acquire() ended within the budget once he had to leave (for the
     *                             grader's own znode: true)
     * @param bobAcquired          whether it said he holds A1 (it must not)
     * @param bobFailure           what it threw, if it threw
     * @param bobsZnodeGone        whether Bob's znode was gone once his acquire() ended
     * @param carolLookedAgain     whether Carol's session set a new watch after Bob left, or Carol returned
     * @param carolWatchesAlice    whether Carol's session then watched Alice's znode
     * @param carolTookItFromAlice whether Carol's acquire() returned while Alice still held A1
     * @param carolGotItAfterAlice whether Carol got A1 once Alice let go
     * @param leftOver             lock znodes left in A1's queue once everyone let go
     */
    record Outcome(boolean carolBehindBob, String whyNotInLine, boolean carolWatchedBob, List<String> carolWatched,
                   boolean bobReturned, boolean bobAcquired, Optional<Throwable> bobFailure, boolean bobsZnodeGone,
                   boolean carolLookedAgain, boolean carolWatchesAlice, boolean carolTookItFromAlice,
                   boolean carolGotItAfterAlice, List<String> leftOver) {
    }

    private final LockSeam<NodeSession> seam;
    private final String connectString;
    private final ZooKeeper observer;
    private final String folder;

    WaiterInTheMiddle(LockSeam<NodeSession> seam, String connectString, ZooKeeper observer) {
        this.seam = seam;
        this.connectString = connectString;
        this.observer = observer;
        this.folder = seam.lockName("A1");
    }

    Outcome run(Leave leave) throws Exception {
        Duration prompt = Timing.forPromptEvent();
        try (Sessions sessions = new Sessions(connectString, Lab04.SESSION_TIMEOUT)) {
            DistributedLock alice = seam.lock(sessions.open(), "Alpha", "Alice", "A1");
            if (!alice.acquire(prompt)) {
                throw new AssertionError("Inconclusive: Alice, alone in A1's queue, did not get A1's lock within "
                        + prompt.toSeconds() + " s.");
            }
            String alicePath = Queue.of(observer, folder).path(0);
            FaultSession bobSession = sessions.open();
            LockCall bobWaits = null;
            if (leave == Leave.STRANGER_DELETED) {
                bobSession.create(folder + "/lock-stranger-", "Beta/Bob".getBytes(StandardCharsets.UTF_8),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
            } else {
                DistributedLock bob = seam.lock(bobSession, "Beta", "Bob", "A1");
                bobWaits = LockCall.acquire(bob, "Bob", leave == Leave.TIME_RUNS_OUT ? BOBS_SHORT_WAIT : QueueLockTest.WAIT);
                waitsInLine(bobSession, 1, bobWaits);
            }
            String bobPath = Queue.of(observer, folder).path(1);
            FaultSession carolSession = sessions.open();
            DistributedLock carol = seam.lock(carolSession, "Gamma", "Carol", "A1");
            LockCall carolWaits = LockCall.acquire(carol, "Carol", QueueLockTest.WAIT);
            boolean carolBehindBob = waitsInLine(carolSession, 1, carolWaits)
                    && Queue.of(observer, folder).names().size() == 3 && (bobWaits == null || !bobWaits.isDone());
            boolean carolWatchedBob = carolSession.watchesOn(bobPath) > 0;
            List<String> carolWatched = Stream.concat(Stream.of(folder), Queue.of(observer, folder).paths().stream())
                    .filter(path -> carolSession.watchesOn(path) > 0).toList();
            String whyNotInLine = doing("Bob", bobWaits) + "; " + doing("Carol", carolWaits);
            int carolsWatchesBefore = carolSession.watchesSet();
            if (!carolBehindBob || (leave == Leave.STRANGER_DELETED && !carolWatchedBob)) {
                abandon(bobWaits, carolWaits);
                alice.release();
                return new Outcome(carolBehindBob, whyNotInLine, carolWatchedBob, carolWatched, false, false,
                        Optional.empty(), false, false, false, false, false, List.of());
            }

            switch (leave) {
                case STRANGER_DELETED -> observer.delete(bobPath, -1);
                case TIME_RUNS_OUT -> { } // his time runs out by itself
                case INTERRUPTED -> bobWaits.thread().interrupt();
                case SESSION_EXPIRES -> SessionExpiry.expire(bobSession, connectString);
            }
            boolean bobReturned = bobWaits == null || bobWaits.awaitDone(BOBS_SHORT_WAIT.plus(prompt));
            boolean bobAcquired = bobWaits != null && bobWaits.returnedTrue();
            Optional<Throwable> bobFailure = bobWaits == null ? Optional.empty() : bobWaits.failure();
            boolean bobsZnodeGone = bobReturned && observer.exists(bobPath, false) == null;

            boolean carolLookedAgain = awaitWatchesOrEnd(carolSession, carolsWatchesBefore + 1, carolWaits)
                    || carolWaits.isDone();
            boolean carolWatchesAlice = carolSession.watchesOn(alicePath) > 0;
            boolean carolTookItFromAlice = carolWaits.isDone() && carolWaits.returnedTrue();
            alice.release();
            boolean carolGotItAfterAlice = !carolTookItFromAlice && carolWaits.awaitDone(prompt) && carolWaits.returnedTrue();
            abandon(bobWaits, carolWaits);
            carol.release();
            return new Outcome(true, "", carolWatchedBob, carolWatched, bobReturned, bobAcquired, bobFailure,
                    bobsZnodeGone, carolLookedAgain, carolWatchesAlice, carolTookItFromAlice, carolGotItAfterAlice,
                    Queue.of(observer, folder).paths());
        }
    }

    /**
     * Waits until {@code session} has set {@code watches} watches in all while {@code call} still runs: its buyer
     * waits in line. False if the call ended first, or the watches did not come within the prompt-event budget.
     */
    static boolean waitsInLine(FaultSession session, int watches, LockCall call) throws InterruptedException {
        return awaitWatchesOrEnd(session, watches, call) && !call.isDone();
    }

    /**
     * Waits until {@code session} has set {@code watches} watches in all, or {@code call} has ended, whichever comes
     * first, for at most the prompt-event budget; true if the watches came.
     */
    static boolean awaitWatchesOrEnd(FaultSession session, int watches, LockCall call) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (!call.isDone() && System.nanoTime() - deadline < 0) {
            // Short waits, so that a call that ends meanwhile is seen at once.
            if (session.awaitWatches(watches, LOOK_EVERY)) {
                return true;
            }
        }
        return session.watchesSet() >= watches;
    }

    /** What a buyer's acquire() was doing, in words: still waiting, said true or false, or threw. */
    private static String doing(String buyer, LockCall call) {
        if (call == null) {
            return buyer + " was the grader's own znode, with no acquire()";
        }
        if (!call.isDone()) {
            return buyer + "'s acquire() was still waiting";
        }
        return buyer + "'s acquire() " + call.failure().map(failure -> "threw " + failure)
                .orElse(call.returnedTrue() ? "said true (it held A1)" : "said false");
    }

    private static void abandon(LockCall... calls) throws InterruptedException {
        for (LockCall call : calls) {
            if (call != null && !call.isDone()) {
                call.abandon();
            }
        }
    }

    /** The queue of one seat's folder as the grader's own session sees it, first in line first. */
    record Queue(String folder, List<String> names) {

        static Queue of(ZooKeeper observer, String folder) throws KeeperException, InterruptedException {
            try {
                return new Queue(folder, observer.getChildren(folder, false).stream()
                        .sorted(Comparator.comparing((String name) -> name.substring(Math.max(0,
                                name.length() - 10))))
                        .toList());
            } catch (KeeperException.NoNodeException e) {
                return new Queue(folder, List.of());
            }
        }

        String path(int place) {
            if (place >= names.size()) {
                throw new AssertionError("Inconclusive: A1's queue had " + names.size() + " znodes, not "
                        + (place + 1) + " as the check expected: " + names);
            }
            return folder + "/" + names.get(place);
        }

        List<String> paths() {
            return names.stream().map(name -> folder + "/" + name).toList();
        }
    }
}
