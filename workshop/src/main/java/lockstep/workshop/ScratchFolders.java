package lockstep.workshop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The temporary folders a race, a scene or a service started for one check lives in: made fresh, and deleted with
 * everything in them once done. The one recursive delete of the toolkit.
 */
public final class ScratchFolders {

    private ScratchFolders() {
    }

    /** A new empty folder in the system's temporary folder, its name starting with {@code prefix}. */
    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * Deletes {@code folder} and everything in it, as far as it can. Best effort, and safe to ignore when it fails: a
     * leftover temporary folder wastes a little space but breaks nothing. A null or missing folder is left alone.
     */
    public static void deleteQuietly(Path folder) {
        if (folder == null || !Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // See above: nothing depends on the folder being gone. (A file that a process still running removes
            // while we walk the folder surfaces as an UncheckedIOException.)
        }
    }
}
