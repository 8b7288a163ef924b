package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Ports an embedded ZooKeeper has chosen, claimed for as long as it lives, also while one of its members is stopped.
 *
 * <p>Why: a stopped member's ports are free, and another ZooKeeper started meanwhile (by another grader proof in this
 * JVM, or another test JVM) could pick one of them at random; the member would then fail to start again with "Address
 * already in use". A claim is a lock on the byte numbered like the port in one shared file, {@code
 * lockstep-zookeeper-ports.lock} in the temporary folder: the operating system keeps it across processes and drops it
 * when the process ends, however it ends, so a killed JVM leaves no claim behind.
 */
final class PortClaims {

    /**
     * One channel for the whole JVM, never closed: closing any channel on the file would drop every lock this JVM holds
     * on it.
     */
    private static final FileChannel CLAIMS = open();

    private PortClaims() {
    }

    /** Claims {@code port}, or says it is claimed already, here or by another process. */
    static Optional<FileLock> tryClaim(int port) {
        try {
            return Optional.ofNullable(CLAIMS.tryLock(port, 1, false));
        } catch (OverlappingFileLockException claimedInThisJvm) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot claim port " + port + " in " + file(), e);
        }
    }

    /** Gives {@code claim} up; best effort, as the claim ends with the process anyway. */
    static void release(FileLock claim) {
        try {
            claim.release();
        } catch (IOException e) {
            // The lock ends with this JVM at the latest; a port claimed a little longer costs nothing.
        }
    }

    private static FileChannel open() {
        try {
            return FileChannel.open(file(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException shared) {
            // Another user's file, perhaps: claims in a file of our own still keep this JVM's ZooKeepers apart.
            try {
                return FileChannel.open(Files.createTempFile("lockstep-zookeeper-ports-", ".lock"),
                        StandardOpenOption.WRITE, StandardOpenOption.DELETE_ON_CLOSE);
            } catch (IOException e) {
                e.addSuppressed(shared);
                throw new UncheckedIOException("cannot open a file to claim ZooKeeper's ports in " + file().getParent(), e);
            }
        }
    }

    private static Path file() {
        return Path.of(System.getProperty("java.io.tmpdir"), "lockstep-zookeeper-ports.lock");
    }
}
