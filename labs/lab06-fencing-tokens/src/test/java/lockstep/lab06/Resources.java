package lockstep.lab06;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.booking.Audit;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.booking.WritePass;

/**
 * A seat database and a payment provider behind the lab's fence, written to directly, as holders with the tokens a
 * check chooses: no lock, no sale, only the resources and the order of the writes. Each counter has connections of
 * its own, so two writers can be in the middle of their writes at once. Its database is a private file, deleted on
 * {@link #close()}.
 */
final class Resources implements AutoCloseable {

    private final Path folder;
    private final SeatDatabase database;
    private final Fence fence;
    private final List<TicketCounter> counters = new ArrayList<>();

    private Resources(Path folder, SeatDatabase database, Fence fence) {
        this.folder = folder;
        this.database = database;
        this.fence = fence;
    }

    /** {@code seats} seats on sale (A1, A2, ...) behind {@code fence}. */
    static Resources open(Fence fence, int seats) throws Exception {
        Path folder = Files.createTempDirectory("lockstep-lab06-resources-");
        SeatDatabase database = SeatDatabase.privateFile(folder.resolve("seats"));
        database.reset(seats);
        return new Resources(folder, database, fence);
    }

    /** A writer with connections of its own to both resources. */
    TicketCounter counter(String node) throws SQLException {
        TicketCounter counter = new TicketCounter(node, database, new PaymentProvider(Duration.ZERO), StepListener.NONE);
        counters.add(counter);
        return counter;
    }

    /** The pass of a holder whose grant carried {@code token}; grants are taken to come in the order of the tokens. */
    static WritePass pass(Buyer holder, long token) {
        return new WritePass(holder.id(), OptionalLong.of(token), token);
    }

    /** Whether the seat database took {@code holder}'s confirmation with {@code token}, behind the lab's fence. */
    boolean confirm(TicketCounter counter, Buyer holder, long token) throws SQLException {
        return counter.confirm(holder, pass(holder, token), fence);
    }

    /** The lab's fence. */
    Fence fence() {
        return fence;
    }

    SeatDatabase database() {
        return database;
    }

    AuditReport audit() throws SQLException {
        return Audit.of(database);
    }

    /** Closes every connection, so that the database file is closed too: the resource is down. */
    void closeConnections() throws SQLException {
        for (TicketCounter counter : counters) {
            counter.close();
        }
        counters.clear();
    }

    @Override
    public void close() throws SQLException {
        try {
            closeConnections();
        } finally {
            ScratchFolders.deleteQuietly(folder);
        }
    }
}
