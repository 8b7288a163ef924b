package lockstep.workshop.testlabs;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.BoxOffice;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;

/** Small booking codes for testing the toolkit itself, each a seam of its own on Lab 01's database. */
public final class TestLabs {

    private static final Lab LAB = LabCatalog.find(1).orElseThrow();

    private TestLabs() {
    }

    public static Implementation code(Class<? extends LabBooking> seam) {
        return Implementation.of(LAB, seam);
    }

    /** Check, charge, confirm: the naive check-then-act. */
    public static final class CheckThenAct implements LabBooking {
        @Override
        public BookingNode openNode(NodeContext node) {
            return (buyer, office) -> {
                if (!office.isFree(buyer.seat())) {
                    return Answer.taken(buyer.seat());
                }
                office.charge(buyer);
                office.confirm(buyer);
                return Answer.booked(buyer.seat());
            };
        }
    }

    /** Claims the seat with a conditional UPDATE first: correct. */
    public static final class ConditionalUpdate implements LabBooking {
        @Override
        public BookingNode openNode(NodeContext node) {
            return (buyer, office) -> {
                if (!claim(office, buyer)) {
                    return Answer.taken(buyer.seat());
                }
                office.charge(buyer);
                office.confirm(buyer);
                return Answer.booked(buyer.seat());
            };
        }
    }

    /** Locks the seat's row for the whole sale with SELECT ... FOR UPDATE: correct, and makes others wait. */
    public static final class RowLock implements LabBooking {
        @Override
        public BookingNode openNode(NodeContext node) {
            return (buyer, office) -> {
                office.connection().setAutoCommit(false);
                try (PreparedStatement select = office.connection().prepareStatement(
                        "SELECT sold_to FROM seat WHERE id = ? FOR UPDATE")) {
                    select.setString(1, buyer.seat());
                    try (ResultSet row = select.executeQuery()) {
                        if (!row.next() || row.getString(1) != null) {
                            office.connection().rollback();
                            return Answer.taken(buyer.seat());
                        }
                    }
                    office.charge(buyer);
                    office.confirm(buyer);
                    office.connection().commit();
                    return Answer.booked(buyer.seat());
                } finally {
                    office.connection().setAutoCommit(true);
                }
            };
        }
    }

    /** Serialises buyers with a lock of this JVM: wrong across processes, and blocking in one. */
    public static final class JvmLock implements LabBooking {
        private static final Object LOCK = new Object();

        @Override
        public BookingNode openNode(NodeContext node) {
            return (buyer, office) -> {
                synchronized (LOCK) {
                    if (!office.isFree(buyer.seat())) {
                        return Answer.taken(buyer.seat());
                    }
                    office.charge(buyer);
                    office.confirm(buyer);
                    return Answer.booked(buyer.seat());
                }
            };
        }
    }

    /** Cannot open node-02: for testing how a race reports a node that fails to start. */
    public static final class BrokenSecondNode implements LabBooking {
        @Override
        public BookingNode openNode(NodeContext node) {
            if (node.name().equals("node-02")) {
                throw new IllegalStateException("node-02 has no lock service to talk to");
            }
            return new ConditionalUpdate().openNode(node);
        }
    }

    static boolean claim(BoxOffice office, Buyer buyer) throws SQLException {
        try (PreparedStatement update = office.connection().prepareStatement(
                "UPDATE seat SET sold_to = ? WHERE id = ? AND sold_to IS NULL")) {
            update.setString(1, buyer.id());
            update.setString(2, buyer.seat());
            return update.executeUpdate() == 1;
        }
    }

    /**
     * A lock lab whose lock is a Java semaphore of the whole JVM that the first buyer takes and never gives back: a
     * deadlock, the most common mistake with locks. The first buyer books A1; every later buyer waits for ever.
     */
    public static final class NeverReleases implements LockLab<AutoCloseable> {
        private static final java.util.concurrent.Semaphore FOREVER = new java.util.concurrent.Semaphore(1);

        @Override
        public AutoCloseable connect(NodeContext node) {
            return () -> { };
        }

        @Override
        public DistributedLock newLock(AutoCloseable connection, LockRequest request) {
            return new DistributedLock() {
                @Override
                public boolean acquire(java.time.Duration maxWait) throws InterruptedException {
                    FOREVER.acquire();
                    return true;
                }

                @Override
                public boolean isHeld() {
                    return true;
                }

                @Override
                public void release() {
                    // and FOREVER stays taken
                }
            };
        }
    }
}
