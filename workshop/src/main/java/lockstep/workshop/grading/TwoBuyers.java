package lockstep.workshop.grading;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Audit;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lab.Services;

/**
 * Two buyers for seat A1, on two nodes, in an order the grader chooses instead of leaving it to luck:
 *
 * <ol>
 *   <li>Alice (on node Alpha) runs until she reaches the chosen step, say {@link Step#CHARGING}, and
 *       waits there. If she never reaches it, she simply finishes.</li>
 *   <li>Bob (on node Beta) runs until he has his answer, or until he is blocked behind something
 *       Alice holds: a row lock in the database, or a Java lock her thread owns.</li>
 *   <li>Alice carries on; both finish; the seat database is audited.</li>
 * </ol>
 *
 * <p>This is the interleaving that breaks a check-then-act every time: Bob checks the seat while
 * Alice is between her check and her sale. A correct solution either turns Bob away at once or
 * makes him wait until Alice is done.
 */
public final class TwoBuyers {

    public static final Buyer ALICE = new Buyer("Alice", "A1");
    public static final Buyer BOB = new Buyer("Bob", "A1");

    /** How often to look whether Bob is done or blocked: observing state, not guessing a delay. */
    private static final long LOOK_EVERY_MS = 5;

    private final Implementation code;
    private final Services services;
    private final Step aliceWaitsAt;

    private TwoBuyers(Implementation code, Services services, Step aliceWaitsAt) {
        this.code = code;
        this.services = services;
        this.aliceWaitsAt = aliceWaitsAt;
    }

    /** Alice will wait at {@code step} while Bob runs. */
    public static TwoBuyers aliceWaitsAt(Implementation code, Step step) {
        return new TwoBuyers(code, Services.NONE, step);
    }

    /** The same scenario for a lab whose nodes use a lock service. */
    public TwoBuyers with(Services lockServices) {
        return new TwoBuyers(code, lockServices, aliceWaitsAt);
    }

    /**
     * What happened.
     *
     * @param alice             Alice's answer
     * @param bob               Bob's answer
     * @param aliceWaited       whether Alice reached the step and waited there
     * @param bobWasBlocked     whether Bob was still blocked behind Alice when she carried on
     * @param audit             what the seat database says
     */
    public record Outcome(Answer alice, Answer bob, boolean aliceWaited, boolean bobWasBlocked, AuditReport audit) {

        /** The buyers who hold a confirmation for A1, in the order they got it. */
        public java.util.List<String> holdersOfA1() {
            return audit.buyersPerSeat().getOrDefault("A1", java.util.List.of());
        }
    }

    public Outcome run() throws Exception {
        Path scratch = Files.createTempDirectory("lockstep-two-buyers-");
        try {
            SeatDatabase database = SeatDatabase.privateFile(scratch.resolve("seats"));
            database.reset(1);
            database.registerBuyers(Map.of(ALICE, "Alpha", BOB, "Beta"));
            return runOn(database);
        } finally {
            ScratchFolders.deleteQuietly(scratch);
        }
    }

    private Outcome runOn(SeatDatabase database) throws Exception {
        CountDownLatch aliceStopped = new CountDownLatch(1);
        CountDownLatch aliceMayGoOn = new CountDownLatch(1);
        AtomicBoolean aliceWaited = new AtomicBoolean();
        StepListener pauseAlice = event -> {
            if (event.buyer().equals(ALICE.id()) && event.step() == aliceWaitsAt && aliceWaited.compareAndSet(false, true)) {
                aliceStopped.countDown();
                awaitQuietly(aliceMayGoOn);
            }
        };
        History history = new History(); // both buyers' steps, for the picture of a failed check
        lockstep.workshop.timeline.LastRace.remember(history);
        StepListener aliceSteps = StepListener.all(java.util.List.of(history, pauseAlice));
        LabBooking lab = code.load();
        PaymentProvider payments = new PaymentProvider(PaymentProvider.DEFAULT_PAYMENT_TIME);
        try (BookingNode alpha = lab.openNode(new NodeContext("Alpha", services, aliceSteps));
             BookingNode beta = lab.openNode(new NodeContext("Beta", services, history));
             BoxOffice aliceDesk = new BoxOffice("Alpha", database, payments, aliceSteps);
             BoxOffice bobDesk = new BoxOffice("Beta", database, payments, history)) {

            Attempt alice = new Attempt(alpha, aliceDesk, ALICE, aliceStopped);
            alice.start();
            aliceStopped.await();

            Attempt bob = new Attempt(beta, bobDesk, BOB, new CountDownLatch(1));
            bob.start();
            boolean bobBlocked = false;
            while (bob.isAlive() && !(bobBlocked = isBlockedBehind(bob, alice, database))) {
                Thread.sleep(LOOK_EVERY_MS);
            }
            aliceMayGoOn.countDown();
            alice.join();
            bob.join();
            return new Outcome(alice.answer(), bob.answer(), aliceWaited.get(), bobBlocked, Audit.of(database));
        } finally {
            aliceMayGoOn.countDown();
        }
    }

    /** Whether Bob waits for a row lock, or for a Java lock that Alice's thread owns. */
    private static boolean isBlockedBehind(Thread bob, Thread alice, SeatDatabase database) throws SQLException {
        if (database.someoneWaitsForALock()) {
            return true;
        }
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(bob.getId());
        return info != null && info.getLockOwnerId() == alice.getId();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One buyer's attempt on its own thread; it records its answer like the race harness does. */
    private static final class Attempt extends Thread {

        private final BookingNode node;
        private final BoxOffice desk;
        private final Buyer buyer;
        private final CountDownLatch finished;
        private final AtomicReference<Answer> answer = new AtomicReference<>();

        Attempt(BookingNode node, BoxOffice desk, Buyer buyer, CountDownLatch finished) {
            super("buyer-" + buyer.id());
            this.node = node;
            this.desk = desk;
            this.buyer = buyer;
            this.finished = finished;
        }

        @Override
        public void run() {
            desk.serve(buyer);
            Answer result;
            try {
                result = node.buy(buyer, desk);
                if (result == null) {
                    result = Answer.failed("the booking code answered null");
                }
            } catch (Exception | AssertionError e) {
                result = Answer.failed(e.toString());
            }
            answer.set(result);
            try {
                desk.recordAnswer(buyer, result);
            } catch (SQLException e) {
                answer.set(Answer.failed("could not record the answer: " + e));
            }
            finished.countDown();
        }

        Answer answer() {
            return answer.get();
        }
    }
}
