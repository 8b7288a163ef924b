package lockstep.workshop.live;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Looks at a lock service at a steady rate on a thread of its own and keeps the newest look, numbered from 1, as the
 * JSON the page draws. One reader serves every open page, so ten pages on ten screens ask the service no more than
 * one does, and every page sees the same events.
 */
final class NewestLook implements AutoCloseable {

    /** One look, numbered in the order taken, as the page's JSON. */
    record Look(long number, String json) {
    }

    private final String title;
    private final SnapshotReader<?> reader;
    private final Duration every;
    private final ScheduledExecutorService looker = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "live view: looks at the lock service");
        thread.setDaemon(true);
        return thread;
    });
    private Look newest; // guarded by this
    private boolean closed; // guarded by this

    private NewestLook(String title, SnapshotReader<?> reader, Duration every) {
        this.title = title;
        this.reader = reader;
        this.every = every;
    }

    /**
     * Takes the first look at once, so that the first page to ask has something to draw, then one every
     * {@code every}.
     */
    static NewestLook start(String title, SnapshotReader<?> reader, Duration every) throws InterruptedException {
        NewestLook looks = new NewestLook(title, reader, every);
        looks.look();
        looks.looker.scheduleWithFixedDelay(looks::lookUntilClosed, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS);
        return looks;
    }

    /** The newest look. */
    synchronized Look newest() {
        return newest;
    }

    /**
     * The newest look if it is newer than look {@code number}, else the next one, waiting at most {@code atMost} for
     * it; null when none came in that time or the looks have stopped.
     */
    synchronized Look newerThan(long number, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!closed && newest.number() <= number) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return closed ? null : newest;
    }

    /** Whether the looks have stopped. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Stops looking, and wakes every page stream that waits for a look, so that it can end. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        looker.shutdownNow();
        try {
            looker.awaitTermination(every.toMillis() * 10, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void lookUntilClosed() {
        try {
            look();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed while looking: the executor is shutting down
        }
    }

    private void look() throws InterruptedException {
        Board board;
        try {
            board = reader.read().board();
        } catch (RuntimeException e) {
            // A bug, not a service that is away (a reader says that on its board). Keep looking, and show it.
            board = new Board("the lock service", System.currentTimeMillis(), "Looking at the lock service failed: " + e
                    + ". This is a bug in lockstep; the view tries again.", "", List.of(), "", List.of());
        }
        synchronized (this) {
            long number = newest == null ? 1 : newest.number() + 1;
            newest = new Look(number, json(board, number));
            notifyAll();
        }
    }

    private String json(Board board, long number) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("title", title);
        data.put("look", number);
        data.put("everyMs", every.toMillis());
        data.putAll(board.toData());
        try {
            return JSON.std.asString(data);
        } catch (IOException e) {
            throw new UncheckedIOException("a board of plain maps, lists and strings could not be written as JSON", e);
        }
    }
}
