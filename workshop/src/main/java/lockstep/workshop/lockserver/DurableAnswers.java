package lockstep.workshop.lockserver;

import java.io.IOException;

/**
 * The rule "answer a change only once it is on disk", in one place: every API waits here before it tells a client
 * that a lock was granted, renewed or released.
 */
final class DurableAnswers {

    private final WriteAheadLog log;

    DurableAnswers(WriteAheadLog log) {
        this.log = log;
    }

    /** Returns once {@code outcome}'s change is durable; outcomes that changed nothing return at once. */
    void awaitDurable(Outcome outcome) {
        long position;
        if (outcome instanceof Outcome.Granted) {
            position = ((Outcome.Granted) outcome).logPosition();
        } else if (outcome instanceof Outcome.Renewed) {
            position = ((Outcome.Renewed) outcome).logPosition();
        } else if (outcome instanceof Outcome.Released) {
            position = ((Outcome.Released) outcome).logPosition();
        } else {
            return;
        }
        try {
            log.awaitDurable(position);
        } catch (IOException e) {
            throw storageFailed();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "server_closing", "the lock server is shutting down; the change may or may not "
                    + "have been saved, so check with GET /v1/locks after it is back");
        }
    }

    static ApiError storageFailed() {
        return new ApiError(503, "storage_failed", "the lock server could not write its log to disk, so it "
                + "acknowledges no more changes; the outcome of this request is unknown. Restart the server.");
    }
}
