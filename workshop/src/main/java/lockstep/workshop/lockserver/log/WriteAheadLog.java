package lockstep.workshop.lockserver.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import lockstep.workshop.lockserver.table.LogRecord;
import lockstep.workshop.lockserver.table.TableLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock server's memory that survives a crash: every change is appended here and forced to disk (fsync) before
 * the client hears about it.
 *
 * <p><b>Group commit.</b> One flusher thread writes whatever has been appended since its last round and forces it
 * with one {@code fdatasync}. A force costs about a quarter of a millisecond here whatever it carries, so sixteen
 * clients appending at once share one force instead of queueing for sixteen: that is what makes a durable lock server
 * fast. A caller {@linkplain #append appends} (cheap, in memory) and later learns from {@link #afterEachForce} that
 * its position is {@linkplain #durablePosition() durable}; the wait in between is where group commit happens.
 *
 * <p><b>Compaction.</b> When the current file has grown past a threshold, the owner hands in a {@link
 * LogRecord.Checkpoint} of the whole table, and the flusher starts a new file with it. The old file is deleted only
 * once the new one, and the folder entry that names it, are on disk: at every instant one complete file exists.
 *
 * <p><b>Preallocation.</b> Each file is filled with zeros a megabyte ahead of its last line, and lines overwrite the
 * zeros. Appending would grow the file with every group commit, and then every {@code fdatasync} would also have to
 * journal the new size; overwriting allocated space does not (PostgreSQL preallocates its WAL segments for the same
 * reason). Recovery reads the zeros as the end of the log.
 *
 * <p><b>Failure.</b> If a write or a force fails, nothing later is acknowledged: the log refuses every further append.
 * After a failed fsync the kernel may have dropped the dirty pages, so retrying could acknowledge data that is not
 * on disk (PostgreSQL's "fsyncgate", 2018). A restart, which reads back what really is on disk, is the safe recovery.
 *
 * <p>{@link #append} and {@link #startNewFile} must be called in the order the changes were applied (the lock table
 * calls them under its own lock); the others may be called from any thread.
 */
public final class WriteAheadLog implements TableLog, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WriteAheadLog.class);
    private static final int BATCH_BUFFER_BYTES = 256 * 1024;
    /** How much zeroed space the log file gets ahead of its last line. */
    private static final int PREALLOCATION_BYTES = 1024 * 1024;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024);

    private final Path folder;
    private final long compactAfterBytes;
    private final Thread flusher;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    /** Lines (byte arrays) and {@link NewFile} markers in append order; guarded by {@link #lock}. */
    private List<Object> pending = new ArrayList<>();
    private long appendedPosition;
    private volatile long durablePosition;
    private long bytesInCurrentFile;
    private boolean newFileQueued;
    private IOException failure;
    private boolean closing;
    /** How many times the flusher forced the log; written by the flusher only. */
    private volatile long forces;
    private volatile boolean failed;
    private volatile Runnable afterEachForce = () -> { };

    /** Used by the flusher thread only. */
    private FileChannel file;
    private long generation;
    /** Where the next line goes in the current file. */
    private long writeOffset;
    /** The file is preallocated (written with zeros) up to here. */
    private long allocatedUpTo;
    private final ByteBuffer batch = ByteBuffer.allocateDirect(BATCH_BUFFER_BYTES);

    private WriteAheadLog(Path folder, long compactAfterBytes, FileChannel file, long generation, long fileBytes)
            throws IOException {
        this.folder = folder;
        this.compactAfterBytes = compactAfterBytes;
        this.file = file;
        this.generation = generation;
        this.bytesInCurrentFile = fileBytes;
        this.writeOffset = fileBytes;
        this.allocatedUpTo = file.size();
        this.flusher = new Thread(this::flushUntilClosed, "lockserver-log-flusher");
        this.flusher.setDaemon(true);
    }

    /**
     * Starts a new log file numbered {@code generation} that begins with {@code start}, makes it durable, deletes
     * the older files, and starts the flusher.
     */
    public static WriteAheadLog create(Path folder, long generation, LogRecord.Checkpoint start, long compactAfterBytes)
            throws IOException {
        byte[] checkpoint = LogCodec.encode(start);
        FileChannel file = createFile(folder, generation, checkpoint);
        deleteOlderThan(folder, generation);
        WriteAheadLog log = new WriteAheadLog(folder, compactAfterBytes, file, generation, checkpoint.length);
        log.flusher.start();
        return log;
    }

    /**
     * Queues {@code record} for the next group commit.
     *
     * @return the record's position: durable once {@link #durablePosition()} has reached it
     * @throws UncheckedIOException when the log has failed or is closed; the change must then not be applied
     */
    @Override
    public long append(LogRecord record) {
        byte[] line = LogCodec.encode(record);
        lock.lock();
        try {
            refuseIfBroken();
            pending.add(line);
            bytesInCurrentFile += line.length;
            workArrived.signal();
            return ++appendedPosition;
        } finally {
            lock.unlock();
        }
    }

    /** True when the current file is big enough that the owner should hand in a checkpoint. */
    @Override
    public boolean checkpointDue() {
        lock.lock();
        try {
            return !newFileQueued && bytesInCurrentFile >= compactAfterBytes;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Asks the flusher to start a new file that begins with {@code checkpoint}; every record appended before this
     * call goes to the old file, every record after it to the new one.
     */
    @Override
    public void startNewFile(LogRecord.Checkpoint checkpoint) {
        byte[] line = LogCodec.encode(checkpoint);
        lock.lock();
        try {
            refuseIfBroken();
            pending.add(new NewFile(line));
            newFileQueued = true;
            bytesInCurrentFile = line.length;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code listener} on the flusher thread after each group commit, and once if the log fails: the wire
     * uses it to send the answers that were waiting for the disk. It must be quick and must not block.
     */
    public void afterEachForce(Runnable listener) {
        this.afterEachForce = listener;
    }

    /** The position of the last record known to be on disk: every answer up to it may be sent. */
    public long durablePosition() {
        return durablePosition;
    }

    /** True once a write or a force has failed; nothing after {@link #durablePosition()} will ever be durable. */
    public boolean hasFailed() {
        return failed;
    }

    /** How many group commits (fsyncs) there have been: fewer than records appended means batching works. */
    long forces() {
        return forces;
    }

    /** Forces everything appended so far, stops the flusher and closes the file. */
    @Override
    public void close() {
        lock.lock();
        try {
            closing = true;
            workArrived.signal();
        } finally {
            lock.unlock();
        }
        try {
            flusher.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void flushUntilClosed() {
        List<Object> taken = new ArrayList<>();
        try {
            while (true) {
                long upTo;
                lock.lock();
                try {
                    while (pending.isEmpty() && !closing) {
                        workArrived.awaitUninterruptibly();
                    }
                    if (pending.isEmpty()) {
                        return;
                    }
                    List<Object> full = pending;
                    pending = taken;
                    taken = full;
                    upTo = appendedPosition;
                } finally {
                    lock.unlock();
                }
                writeAndForce(taken);
                taken.clear();
                durablePosition = upTo;
                afterEachForce.run();
            }
        } catch (IOException e) {
            LOG.error("The write-ahead log in {} failed; no further change will be acknowledged. Restart the lock "
                    + "server to recover from what is on disk.", folder, e);
            lock.lock();
            try {
                failure = e;
                failed = true;
            } finally {
                lock.unlock();
            }
            afterEachForce.run();
        } finally {
            closeFileQuietly();
        }
    }

    private void writeAndForce(List<Object> items) throws IOException {
        List<Long> replaced = new ArrayList<>();
        batch.clear();
        for (Object item : items) {
            if (item instanceof NewFile) {
                writeBatch();
                file.force(false);
                file.close();
                replaced.add(generation);
                generation++;
                byte[] checkpoint = ((NewFile) item).checkpoint();
                file = createFile(folder, generation, checkpoint);
                writeOffset = checkpoint.length;
                allocatedUpTo = file.size();
                newFileQueuedDone();
            } else {
                put((byte[]) item);
            }
        }
        writeBatch();
        file.force(false);
        forces++;
        for (long old : replaced) {
            // createFile has forced the new file and the folder, so the old file is no longer needed.
            Files.deleteIfExists(LogFiles.path(folder, old));
        }
    }

    private void put(byte[] line) throws IOException {
        if (line.length > batch.remaining()) {
            writeBatch();
        }
        if (line.length > batch.capacity()) {
            writeAt(ByteBuffer.wrap(line));
        } else {
            batch.put(line);
        }
    }

    private void writeBatch() throws IOException {
        batch.flip();
        writeAt(batch);
        batch.clear();
    }

    /**
     * Writes {@code bytes} after the last line, into space that was zeroed in advance. Overwriting allocated blocks
     * leaves the file's size alone, so {@code fdatasync} has no metadata to journal: about a third faster here.
     */
    private void writeAt(ByteBuffer bytes) throws IOException {
        if (writeOffset + bytes.remaining() > allocatedUpTo) {
            allocatedUpTo = preallocate(file, writeOffset + bytes.remaining());
        }
        while (bytes.hasRemaining()) {
            writeOffset += file.write(bytes, writeOffset);
        }
    }

    /** Zero-fills the file up to at least {@code neededUpTo} plus {@link #PREALLOCATION_BYTES}; forces its size. */
    private static long preallocate(FileChannel file, long neededUpTo) throws IOException {
        long from = file.size();
        long upTo = neededUpTo + PREALLOCATION_BYTES;
        for (long at = from; at < upTo; ) {
            ByteBuffer zeros = ZEROS.duplicate();
            zeros.limit((int) Math.min(zeros.capacity(), upTo - at));
            at += file.write(zeros, at);
        }
        file.force(true);
        return upTo;
    }

    private void newFileQueuedDone() {
        lock.lock();
        try {
            newFileQueued = false;
        } finally {
            lock.unlock();
        }
    }

    private void refuseIfBroken() {
        if (failure != null) {
            throw new UncheckedIOException("the write-ahead log has failed; restart the lock server", failure);
        }
        if (closing) {
            throw new UncheckedIOException(new IOException("the lock server is shutting down"));
        }
    }

    private void closeFileQuietly() {
        try {
            file.close();
        } catch (IOException e) {
            LOG.warn("Could not close the log file in {}", folder, e);
        }
    }

    private static FileChannel createFile(Path folder, long generation, byte[] checkpoint) throws IOException {
        Path path = LogFiles.path(folder, generation);
        FileChannel created = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer bytes = ByteBuffer.wrap(checkpoint);
            while (bytes.hasRemaining()) {
                created.write(bytes);
            }
            preallocate(created, checkpoint.length);
            LogFiles.forceFolder(folder);
            return created;
        } catch (IOException e) {
            try {
                created.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static void deleteOlderThan(Path folder, long generation) throws IOException {
        for (long older : LogFiles.generations(folder)) {
            if (older < generation) {
                Files.deleteIfExists(LogFiles.path(folder, older));
            }
        }
    }

    /** The marker "start a new file here, beginning with this checkpoint line". */
    private record NewFile(byte[] checkpoint) {
    }
}
