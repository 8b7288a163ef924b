package lockstep.workshop.lockserver.table;

/**
 * What the lock table needs from its write-ahead log: a place to write each change before making it, and a fresh
 * start from a checkpoint once the log has grown.
 *
 * <p>An interface so that the table, the algorithm, depends on nothing of the log's files and threads: the
 * {@code log} package implements it ({@code WriteAheadLog}), and the server hands that in.
 *
 * <p>The table calls these under its own lock, in the order it applies the changes, so the log holds them in that
 * order too.
 */
public interface TableLog {

    /**
     * Queues {@code record} for the disk.
     *
     * @return the record's position: an answer that reports this change may leave once the log is durable up to it
     * @throws java.io.UncheckedIOException when the log has failed or is closed; the change must then not be made
     */
    long append(LogRecord record);

    /** True when the log has grown enough that the table should hand in a {@link LogRecord.Checkpoint}. */
    boolean checkpointDue();

    /** Starts a new log that begins with {@code checkpoint}; records appended after this call go there. */
    void startNewFile(LogRecord.Checkpoint checkpoint);
}
