package lockstep.workshop.lock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Audit;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.FencedWrite;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lab.Services;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The guarded sale of a lock lab")
class GuardedSaleTest {

    private static final Buyer ALICE = new Buyer("Alice", "A1");

    @TempDir
    Path folder;

    private final List<StepEvent> heard = new CopyOnWriteArrayList<>();
    private SeatDatabase database;

    @BeforeEach
    void oneSeat() throws Exception {
        database = SeatDatabase.privateFile(folder.resolve("seats"));
        database.reset(1);
        database.registerBuyers(Map.of(ALICE, "Alpha"));
    }

    @Test
    @DisplayName("sells under the lock, and reports each lock step of a lab that does not report its own")
    void sellsUnderTheLock() throws Exception {
        Answer answer = buyWith(new ScriptedLock(true, Integer.MAX_VALUE), false);

        assertThat(answer).isEqualTo(Answer.booked("A1"));
        assertThat(heard).extracting(StepEvent::step).containsExactly(Step.LOCK_ASKED, Step.LOCK_GRANTED,
                Step.SEAT_CHECKED, Step.CHARGING, Step.CARD_CHARGED, Step.SEAT_CONFIRMED, Step.LOCK_RELEASED,
                Step.ANSWERED);
        assertThat(heard).filteredOn(event -> event.step().name().startsWith("LOCK_"))
                .extracting(StepEvent::detail).containsOnly("A1");
    }

    @Test
    @DisplayName("confirms nothing once isHeld() says no after the charge, and reports the loss once")
    void stopsWhenTheLockIsLost() throws Exception {
        Answer answer = buyWith(new ScriptedLock(true, 1), false);

        assertThat(answer).isEqualTo(Answer.failed("lost the lock of A1 after the charge; the seat was not confirmed"));
        assertThat(Audit.of(database).sold()).isZero();
        assertThat(heard).filteredOn(event -> event.step() == Step.LOCK_LOST).hasSize(1);
        assertThat(heard).extracting(StepEvent::step).doesNotContain(Step.SEAT_CONFIRMED);
    }

    @Test
    @DisplayName("tells a buyer whose lock did not come in time why, in the lock's words when it has them")
    void aDenialSaysWhy() throws Exception {
        assertThat(buyWith(new ScriptedLock(false, 0), false))
                .isEqualTo(Answer.failed("the lock of A1 is held by someone else, and this buyer asked once without waiting"));
        assertThat(heard).extracting(StepEvent::step).contains(Step.LOCK_DENIED).doesNotContain(Step.LOCK_RELEASED);

        heard.clear();
        assertThat(buyWith(new ExplainedDenial(), false)).isEqualTo(Answer.failed("seat-A1 is locked by Bob"));
    }

    @Test
    @DisplayName("tells a buyer whose lock service could not decide that the booking failed, and why")
    void aFailedAcquireFailsTheBooking() throws Exception {
        ScriptedLock unreachable = new ScriptedLock(true, 0) {
            @Override
            public boolean acquire(Duration maxWait) throws Exception {
                throw new java.io.IOException("no lock service at 127.0.0.1:1");
            }
        };

        assertThat(buyWith(unreachable, false))
                .isEqualTo(Answer.failed("could not take the lock of A1: no lock service at 127.0.0.1:1"));
    }

    @Test
    @DisplayName("leaves the steps to a lock that reports its own, and reports only a loss it did not report")
    void aLockThatReportsItsOwnSteps() throws Exception {
        Answer answer = buyWith(new ScriptedLock(true, 1) {
            private LockSteps steps;

            @Override
            ScriptedLock reportingTo(LockSteps lockSteps) {
                this.steps = lockSteps;
                return this;
            }

            @Override
            public boolean acquire(Duration maxWait) {
                steps.asked("before-acquire", "seat-A1");
                steps.granted("acquire-granted", "seat-A1");
                return true;
            }
        }, true);

        assertThat(answer).isInstanceOf(Answer.Failed.class);
        assertThat(heard).filteredOn(event -> event.step().name().startsWith("LOCK_"))
                .extracting(StepEvent::step, StepEvent::point, StepEvent::detail)
                .containsExactly(
                        org.assertj.core.api.Assertions.tuple(Step.LOCK_ASKED, "before-acquire", "seat-A1"),
                        org.assertj.core.api.Assertions.tuple(Step.LOCK_GRANTED, "acquire-granted", "seat-A1"),
                        org.assertj.core.api.Assertions.tuple(Step.LOCK_LOST, "lock-lost", "seat-A1"));
    }

    @Test
    @DisplayName("behind a fence, shows the lock's fencing token with the charge and with the confirmation")
    void aFencedSaleShowsTheToken() throws Exception {
        List<FencedWrite> asked = new CopyOnWriteArrayList<>();
        Fence admitsAll = (resource, write) -> asked.add(write);

        Answer answer = buyWith(new ScriptedLock(true, Integer.MAX_VALUE).withToken(7), false, admitsAll);

        assertThat(answer).isEqualTo(Answer.booked("A1"));
        assertThat(asked).containsExactly(new FencedWrite(FencedWrite.PAYMENTS, "A1", 7, "Alice"),
                new FencedWrite(FencedWrite.SEATS, "A1", 7, "Alice"));
        assertThat(heard).extracting(StepEvent::step).containsSubsequence(Step.CHARGING, Step.CARD_CHARGED,
                Step.CONFIRMING, Step.SEAT_CONFIRMED);
    }

    @Test
    @DisplayName("behind a fence, stops at a refused charge, confirms nothing and says which token was refused")
    void aRefusedChargeStopsTheSale() throws Exception {
        Answer answer = buyWith(new ScriptedLock(true, Integer.MAX_VALUE).withToken(7), false,
                (resource, write) -> false);

        assertThat(answer).isEqualTo(Answer.failed("the payment provider refused fencing token 7 for A1: the lock has"
                + " passed to a newer holder; nothing was charged"));
        assertThat(database.chargesOf("Alice")).isZero();
        assertThat(heard).extracting(StepEvent::step).contains(Step.WRITE_REFUSED).doesNotContain(Step.CONFIRMING);
    }

    private Answer buyWith(ScriptedLock lock, boolean lockReportsItself) throws Exception {
        return buyWith(lock, lockReportsItself, null);
    }

    private Answer buyWith(ScriptedLock lock, boolean lockReportsItself, Fence fence) throws Exception {
        LockLab<AutoCloseable> lab = new LockLab<>() {
            @Override
            public AutoCloseable connect(NodeContext node) {
                return () -> { };
            }

            @Override
            public DistributedLock newLock(AutoCloseable connection, LockRequest request) {
                return lock.reportingTo(request.steps());
            }

            @Override
            public boolean reportsItsOwnLockSteps() {
                return lockReportsItself;
            }

            @Override
            public Optional<Fence> fence() {
                return Optional.ofNullable(fence);
            }
        };
        NodeContext alpha = new NodeContext(LabCatalog.find(3).orElseThrow(), "Alpha", Services.NONE, heard::add,
                Duration.ZERO);
        try (BookingNode node = lab.openNode(alpha);
             TicketCounter counter = new TicketCounter("Alpha", database, new PaymentProvider(Duration.ZERO),
                     heard::add)) {
            return counter.serve(node, ALICE);
        }
    }

    /** A lock whose answers are set beforehand: whether acquire gets it, and how many isHeld() calls say yes. */
    private static class ScriptedLock implements DistributedLock {

        private final boolean grants;
        private int heldAnswers;
        private OptionalLong token = OptionalLong.empty();

        ScriptedLock(boolean grants, int heldAnswers) {
            this.grants = grants;
            this.heldAnswers = heldAnswers;
        }

        ScriptedLock reportingTo(LockSteps steps) {
            return this;
        }

        ScriptedLock withToken(long fencingToken) {
            token = OptionalLong.of(fencingToken);
            return this;
        }

        @Override
        public OptionalLong fencingToken() {
            return token;
        }

        @Override
        public boolean acquire(Duration maxWait) throws Exception {
            return grants;
        }

        @Override
        public boolean isHeld() {
            return heldAnswers-- > 0;
        }

        @Override
        public void release() {
        }
    }

    /** A lock that is always denied, and says who holds it. */
    private static final class ExplainedDenial extends ScriptedLock implements ExplainsDenial {

        ExplainedDenial() {
            super(false, 0);
        }

        @Override
        public String whyDenied() {
            return "seat-A1 is locked by Bob";
        }
    }
}
