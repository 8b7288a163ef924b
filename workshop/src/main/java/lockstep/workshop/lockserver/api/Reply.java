package lockstep.workshop.lockserver.api;

import java.util.concurrent.CompletableFuture;
import lockstep.workshop.lockserver.table.Outcome;

/**
 * An API method's answer, and when it may be sent: now, once a log position is on disk, or once something else
 * happens (a waiting acquire's turn).
 *
 * <p>This is how "answer a change only once it is on disk" works without blocking a thread: the wire keeps a
 * {@link WhenDurable} answer until the write-ahead log reports its position durable.
 */
public sealed interface Reply {

    /** Send {@code response} at once: nothing changed, or the request was wrong. */
    record Now(ApiResponse response) implements Reply {
    }

    /** Send {@code response} once the log record at {@code logPosition} (and all before it) is on disk. */
    record WhenDurable(long logPosition, ApiResponse response) implements Reply {
    }

    /**
     * The reply is not known yet (a waiting acquire). {@code ifClientGoes} runs if the client disconnects first, to
     * give up its place in the queue.
     */
    record Later(CompletableFuture<Reply> reply, Runnable ifClientGoes) implements Reply {
    }

    /** {@code response} to {@code outcome}: after the disk for a change, at once for anything else. */
    static Reply to(Outcome outcome, ApiResponse response) {
        if (outcome instanceof Outcome.Granted) {
            return new WhenDurable(((Outcome.Granted) outcome).logPosition(), response);
        }
        if (outcome instanceof Outcome.Renewed) {
            return new WhenDurable(((Outcome.Renewed) outcome).logPosition(), response);
        }
        if (outcome instanceof Outcome.Released) {
            return new WhenDurable(((Outcome.Released) outcome).logPosition(), response);
        }
        return new Now(response);
    }

    static ApiError storageFailed() {
        return new ApiError(503, "storage_failed", "the lock server could not write its log to disk, so it "
                + "acknowledges no more changes; the outcome of this request is unknown. Restart the server.");
    }
}
