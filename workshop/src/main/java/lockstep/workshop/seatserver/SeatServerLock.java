package lockstep.workshop.seatserver;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The lock that orders the seat server's comings and goings. A client holds it shared while it reads the server's
 * address and connects; it holds it exclusively while it starts a server, so two {@code book} commands started at the
 * same instant start one server, not two. A server holds it exclusively while it ends, so nobody connects to a server
 * that is going away.
 *
 * <p>It is the operating system's lock on one file ({@link FileChannel#lock}), which works between processes on Linux,
 * macOS and Windows, and which the system releases when its holder dies, even by {@code kill -9}: a crashed holder
 * can never leave it held.
 */
final class SeatServerLock {

    /**
     * The system gives file locks to a whole process, so two threads of one JVM must take turns before they ask it
     * (a second lock on the same file would fail with OverlappingFileLockException). One lock for every file is enough:
     * nobody holds it for long.
     */
    private static final ReentrantLock IN_THIS_JVM = new ReentrantLock();

    private final Path file;

    SeatServerLock(Path file) {
        this.file = file;
    }

    /** Waits for the lock, shared with other readers. */
    Held shared() throws IOException {
        return take(true, true).orElseThrow();
    }

    /** Waits for the lock, alone. */
    Held exclusive() throws IOException {
        return take(false, true).orElseThrow();
    }

    /** The lock, alone, if nobody holds it now. */
    Optional<Held> tryExclusive() throws IOException {
        return take(false, false);
    }

    /** The lock while it is held; closing it lets others in. Closing it again does nothing. */
    static final class Held implements AutoCloseable {

        private final FileChannel channel;
        private boolean released;

        private Held(FileChannel channel) {
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            if (released) {
                return;
            }
            released = true;
            try {
                channel.close(); // releases the system's lock
            } finally {
                IN_THIS_JVM.unlock();
            }
        }
    }

    private Optional<Held> take(boolean shared, boolean wait) throws IOException {
        IN_THIS_JVM.lock();
        FileChannel channel = null;
        boolean taken = false;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock = wait ? channel.lock(0, Long.MAX_VALUE, shared) : channel.tryLock(0, Long.MAX_VALUE, shared);
            taken = lock != null;
            return taken ? Optional.of(new Held(channel)) : Optional.empty();
        } finally {
            if (!taken) {
                try {
                    if (channel != null) {
                        channel.close();
                    }
                } finally {
                    IN_THIS_JVM.unlock();
                }
            }
        }
    }
}
