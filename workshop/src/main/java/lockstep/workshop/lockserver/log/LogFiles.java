package lockstep.workshop.lockserver.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Names the write-ahead log's files in the data folder: {@code wal-0000000000000001.log}, then {@code …0002.log} after
 * the first compaction, and so on. Each file starts with a checkpoint, so only the newest complete file matters. A
 * file is zero-filled ahead of its last line (see {@link WriteAheadLog}); the zeros are not part of the log.
 */
final class LogFiles {

    private static final String PREFIX = "wal-";
    private static final String SUFFIX = ".log";

    private LogFiles() {
    }

    static Path path(Path folder, long generation) {
        return folder.resolve(String.format("%s%016d%s", PREFIX, generation, SUFFIX));
    }

    /** The generations of the log files in {@code folder}, oldest first. */
    static List<Long> generations(Path folder) throws IOException {
        List<Long> found = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                String digits = name.substring(PREFIX.length(), name.length() - SUFFIX.length());
                try {
                    found.add(Long.parseLong(digits));
                } catch (NumberFormatException notOurs) {
                    // A file someone else put here (wal-notes.log): not part of the log, leave it alone.
                }
            }
        }
        Collections.sort(found);
        return found;
    }

    /**
     * Makes the folder's list of files durable, so a log file just created (or renamed) is still there after a
     * power cut. Forcing a file's content does not do that on Linux: the folder is a separate thing on disk.
     */
    static void forceFolder(Path folder) throws IOException {
        try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
