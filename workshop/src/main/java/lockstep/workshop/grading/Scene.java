package lockstep.workshop.grading;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Audit;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockingNode;

/**
 * Buyers a grader moves by hand: each one starts when the check says, on the node the check names, and can be held
 * at a chosen {@link Step} until the check lets it go on. Between those moments the check can do what a race cannot:
 * move a lock server's clock, start a second buyer on the same node, wait for a renewal it knows must come.
 *
 * <pre>{@code
 * try (Scene scene = Scene.open(code, server.services(), PaymentProvider.DEFAULT_PAYMENT_TIME)) {
 *     Scene.Attempt alice = scene.start(ALICE, "Alpha", Step.CHARGING);
 *     alice.awaitPaused(Timing.forPromptEvent());
 *     ...                                   // Alice is paying; do something to the world
 *     alice.goOn();
 *     Answer answer = alice.awaitAnswer(Timing.forPromptEvent());
 * }
 * }</pre>
 *
 * <p>Every step of every buyer is recorded on the shared monotonic clock ({@link #history()}), and a check can wait
 * for a step it expects ({@link #awaitStep}) instead of sleeping. The seat database is a private one with one seat,
 * A1, and is deleted on {@link #close()}.
 */
public final class Scene implements AutoCloseable {

    private final Lab spec;
    private final LabBooking lab;
    private final Services services;
    private final Path scratch;
    private final SeatDatabase database;
    private final PaymentProvider payments;
    private final History history = new History();
    private final List<StepEvent> events = new ArrayList<>();
    private final Map<String, Hold> holds = new ConcurrentHashMap<>();
    private final Map<String, FailOnce> failures = new ConcurrentHashMap<>();
    private final Map<String, BookingNode> nodes = new LinkedHashMap<>();
    private final List<Attempt> attempts = new ArrayList<>();
    private final StepListener listener = this::heard;

    private Scene(Lab spec, LabBooking lab, Services services, Path scratch, SeatDatabase database, PaymentProvider payments) {
        this.spec = spec;
        this.lab = lab;
        this.services = services;
        this.scratch = scratch;
        this.database = database;
        this.payments = payments;
        lockstep.workshop.timeline.LastRace.remember(history); // a grader's failed check draws it
    }

    /** A scene for {@code code}, whose nodes use {@code services}, where a card charge takes {@code paymentTime}. */
    public static Scene open(Implementation code, Services services, Duration paymentTime)
            throws IOException, SQLException {
        Path scratch = Files.createTempDirectory("lockstep-scene-");
        SeatDatabase database = SeatDatabase.privateFile(scratch.resolve("seats"));
        database.reset(1);
        return new Scene(code.lab(), code.load(), services, scratch, database, new PaymentProvider(paymentTime));
    }

    /** Starts {@code buyer} on {@code node} (opened at first use), running to the end. */
    public Attempt start(Buyer buyer, String node) throws Exception {
        return start(buyer, node, null);
    }

    /**
     * Starts {@code buyer} on {@code node} (opened at first use). The first time the buyer reaches {@code holdAt} it
     * waits there until {@link Attempt#goOn()}; a null step never holds it. A buyer who has had an answer may start
     * again, as someone pressing "Buy" a second time: the new attempt's answer replaces the old one.
     */
    public synchronized Attempt start(Buyer buyer, String node, Step holdAt) throws Exception {
        boolean stillBuying = attempts.stream()
                .anyMatch(attempt -> attempt.buyer.equals(buyer) && attempt.answered.getCount() > 0);
        if (stillBuying) {
            throw new IllegalArgumentException(buyer.id() + " is still buying; start a buyer again only once it has"
                    + " its answer");
        }
        Hold hold = new Hold(holdAt);
        holds.put(buyer.id(), hold);
        database.registerBuyer(buyer, node);
        BookingNode booking = nodes.get(node);
        if (booking == null) {
            booking = lab.openNode(new NodeContext(spec, node, services, listener));
            nodes.put(node, booking);
        }
        Attempt attempt = new Attempt(buyer, booking, new TicketCounter(node, database, payments, listener), hold);
        hold.buyerThread = attempt;
        attempts.add(attempt);
        attempt.start();
        return attempt;
    }

    /**
     * Opens node {@code node} of a lock lab on {@code connection}, which the check opened itself
     * (for example a ZooKeeper session it will expire or cut); the node closes it with the scene.
     * Buyers started on {@code node} afterwards use it.
     *
     * @throws IllegalStateException if the node is open already, or the lab is not a lock lab
     */
    public synchronized <C extends AutoCloseable> void openNode(String node, C connection) {
        if (nodes.containsKey(node)) {
            throw new IllegalStateException("node " + node + " is open already");
        }
        if (!(lab instanceof LockLab<?> lockLab)) {
            throw new IllegalStateException(lab.getClass().getName() + " is not a lock lab: its nodes have no lock"
                    + " service connection to give");
        }
        @SuppressWarnings("unchecked") // the check passes the connection type its own lab's seam names
        LockLab<C> typed = (LockLab<C>) lockLab;
        nodes.put(node, LockingNode.on(typed, connection, new NodeContext(spec, node, services, listener)));
    }

    /**
     * Whether {@code waiting} is blocked behind something {@code holder} holds: a row lock in the
     * seat database, or a Java lock that the holder's thread owns.
     */
    public boolean isBlockedBehind(Attempt waiting, Attempt holder) throws SQLException {
        if (database.someoneWaitsForALock()) {
            return true;
        }
        java.lang.management.ThreadInfo info = java.lang.management.ManagementFactory.getThreadMXBean()
                .getThreadInfo(waiting.getId());
        return info != null && info.getLockOwnerId() == holder.getId();
    }

    /**
     * Waits until {@code buyer} reaches one of {@code steps} at a moment later than {@code afterNanos} (a
     * {@link System#nanoTime()} reading), and returns that event; empty if it did not happen within {@code budget}.
     */
    public Optional<StepEvent> awaitStep(String buyer, List<Step> steps, long afterNanos, Duration budget)
            throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        synchronized (events) {
            while (true) {
                Optional<StepEvent> found = events.stream()
                        .filter(event -> event.buyer().equals(buyer) && steps.contains(event.step())
                                && event.nanoTime() > afterNanos)
                        .findFirst();
                long left = deadline - System.nanoTime();
                if (found.isPresent() || left <= 0) {
                    return found;
                }
                TimeUnit.NANOSECONDS.timedWait(events, left);
            }
        }
    }

    /**
     * The next time {@code buyer} reports {@code step}, on whatever thread, the report throws {@code failure} back to
     * the code that reported it, once. The step is recorded first, as it happened. For a lock client's step (reported
     * through {@code LockClientSteps}) the exception is what the lab's call gets instead of its answer: at
     * {@link Step#LOCK_RENEWED}, a renewal that the server accepted and whose answer never came back, as when a
     * connection breaks at that moment.
     *
     * @return completed with the step's event once the failure has been thrown
     */
    public CompletableFuture<StepEvent> failOnce(String buyer, Step step, RuntimeException failure) {
        FailOnce failing = new FailOnce(step, failure);
        failures.put(buyer, failing);
        return failing.thrown;
    }

    /** Every step so far, with the question it answers: did two buyers hold one lock at once? */
    public History history() {
        return history;
    }

    /** What the seat database says now. */
    public AuditReport audit() throws SQLException {
        return Audit.of(database);
    }

    /** How many confirmations {@code buyer} holds now. */
    public int confirmationsOf(Buyer buyer) throws SQLException {
        return database.confirmationsOf(buyer.id());
    }

    /** Lets every held buyer go on, waits a little for them to finish, closes the nodes, deletes the database. */
    @Override
    public void close() throws Exception {
        holds.values().forEach(Hold::release);
        for (Attempt attempt : attempts) {
            attempt.join(Timing.forPromptEvent().toMillis());
        }
        Exception failure = null;
        for (Attempt attempt : attempts) {
            failure = closeCollecting(attempt.office, failure);
        }
        for (BookingNode node : nodes.values()) {
            failure = closeCollecting(node, failure);
        }
        ScratchFolders.deleteQuietly(scratch);
        if (failure != null) {
            throw failure;
        }
    }

    /** One buyer pressing "Buy" on its own thread, answering the way the race harness does. */
    public final class Attempt extends Thread {

        private final Buyer buyer;
        private final BookingNode node;
        private final TicketCounter office;
        private final Hold hold;
        private final AtomicReference<Answer> answer = new AtomicReference<>();
        private final CountDownLatch answered = new CountDownLatch(1);

        private Attempt(Buyer buyer, BookingNode node, TicketCounter office, Hold hold) {
            super("scene-" + buyer.id());
            this.buyer = buyer;
            this.node = node;
            this.office = office;
            this.hold = hold;
            setDaemon(true);
        }

        /**
         * Waits until the buyer is held at its step. False if it finished without reaching the step, or if the
         * budget ran out first.
         */
        public boolean awaitPaused(Duration budget) throws InterruptedException {
            hold.reachedOrFinished.await(budget.toMillis(), TimeUnit.MILLISECONDS);
            return hold.reached;
        }

        /** Lets the buyer go on from its step. */
        public void goOn() {
            hold.release();
        }

        /** Whether the buyer has had an answer. */
        public boolean hasAnswer() {
            return answered.getCount() == 0;
        }

        /** The buyer's answer, once it has one; empty if it has none within {@code budget}. */
        public Optional<Answer> awaitAnswer(Duration budget) throws InterruptedException {
            answered.await(budget.toMillis(), TimeUnit.MILLISECONDS);
            return Optional.ofNullable(answer.get());
        }

        @Override
        public void run() {
            answer.set(office.serve(node, buyer));
            answered.countDown();
            hold.reachedOrFinished.countDown();
        }
    }

    /** Where one buyer is held, if anywhere: the step, whether the buyer got there, and the latch that holds it. */
    private static final class Hold {

        final Step at;
        final CountDownLatch reachedOrFinished = new CountDownLatch(1);
        final CountDownLatch mayGoOn = new CountDownLatch(1);
        volatile Thread buyerThread;
        volatile boolean reached;

        Hold(Step at) {
            this.at = at;
        }

        void release() {
            mayGoOn.countDown();
        }
    }

    private void heard(StepEvent event) {
        history.on(event);
        synchronized (events) {
            events.add(event);
            events.notifyAll();
        }
        FailOnce failing = failures.get(event.buyer());
        if (failing != null && failing.step == event.step() && failures.remove(event.buyer(), failing)) {
            failing.thrown.complete(event);
            throw failing.failure;
        }
        Hold hold = holds.get(event.buyer());
        // Only the buyer's own thread is held, once: a renewal thread reporting for the buyer runs on.
        if (hold != null && event.step() == hold.at && !hold.reached && Thread.currentThread() == hold.buyerThread) {
            hold.reached = true;
            hold.reachedOrFinished.countDown();
            try {
                hold.mayGoOn.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** A failure to throw at one step, once. */
    private record FailOnce(Step step, RuntimeException failure, CompletableFuture<StepEvent> thrown) {

        FailOnce(Step step, RuntimeException failure) {
            this(step, failure, new CompletableFuture<>());
        }
    }

    private static Exception closeCollecting(AutoCloseable closeable, Exception failure) {
        try {
            closeable.close();
        } catch (Exception e) {
            if (failure == null) {
                return e;
            }
            failure.addSuppressed(e);
        }
        return failure;
    }
}
