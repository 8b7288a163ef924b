package lockstep.workshop.lockserver.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lockstep.workshop.lockserver.table.Lease;
import lockstep.workshop.lockserver.table.LogRecord;

/**
 * Rebuilds the lock table from the write-ahead log after a start, a clean stop or a crash.
 *
 * <p>It takes the newest log file whose first line is a complete checkpoint, then replays that file's records until
 * the end or the first damaged line. Stopping there is safe: a change is acknowledged only after it and everything
 * before it were forced to disk, so a damaged line (a write torn by the crash) and everything after it belong to
 * changes no client was told about.
 *
 * <p>A newest file with a torn checkpoint is a crash in the middle of compaction; the previous file is still complete
 * then, because it is deleted only after the new one is on disk.
 */
public final class LogRecovery {

    /**
     * What the log held.
     *
     * @param lastFencingToken the largest fencing token ever handed out (0 for a new folder); the next grant gets more
     * @param leases           the leases by resource, including ones whose time has run out since (the table drops
     *                         those when it sees them)
     * @param lastGeneration   the number of the newest log file seen (0 for a new folder)
     * @param summary          one line for the server's log, for example "2 locks, last fencing token 17"
     */
    public record Recovered(long lastFencingToken, Map<String, Lease> leases, long lastGeneration, String summary) {
    }

    private LogRecovery() {
    }

    /**
     * Reads back the newest complete log file in {@code folder}.
     *
     * @throws IOException when no file can be read, or the folder holds files this server did not write
     */
    public static Recovered recover(Path folder) throws IOException {
        List<Long> generations = LogFiles.generations(folder);
        long newest = generations.isEmpty() ? 0 : generations.get(generations.size() - 1);
        List<String> skipped = new ArrayList<>();
        for (int i = generations.size() - 1; i >= 0; i--) {
            Path path = LogFiles.path(folder, generations.get(i));
            byte[] bytes = Files.readAllBytes(path);
            int firstNewline = indexOf(bytes, 0);
            if (firstNewline < 0) {
                skipped.add(path.getFileName() + " (its checkpoint was never completed)");
                continue;
            }
            LogRecord first;
            try {
                first = LogCodec.decode(bytes, 0, firstNewline);
            } catch (IOException torn) {
                skipped.add(path.getFileName() + " (" + torn.getMessage() + ")");
                continue;
            }
            if (!(first instanceof LogRecord.Checkpoint)) {
                throw new IOException(path + " does not start with a checkpoint; this folder was not written by "
                        + "this lock server. Point --data at an empty folder.");
            }
            return replay(path, bytes, firstNewline + 1, (LogRecord.Checkpoint) first, newest, skipped);
        }
        if (allEmptyOfLines(folder, generations)) {
            // Nothing, or only files whose first write never finished: no change was ever acknowledged here.
            return new Recovered(0, new HashMap<>(), newest, "a new data folder, no locks");
        }
        throw new IOException("no log file in " + folder + " has a readable checkpoint: " + skipped
                + ". The data is damaged; move the folder away to start with no locks (fencing tokens would then "
                + "start again at 1, so do this only with all clients stopped).");
    }

    private static Recovered replay(Path path, byte[] bytes, int from, LogRecord.Checkpoint checkpoint,
                                    long newest, List<String> skipped) {
        Map<String, Lease> leases = new HashMap<>();
        for (Lease lease : checkpoint.leases()) {
            leases.put(lease.resource(), lease);
        }
        long lastToken = checkpoint.lastFencingToken();
        int records = 0;
        int at = from;
        String tail = "";
        while (at < bytes.length) {
            if (bytes[at] == 0 && allZero(bytes, at)) {
                // The zeroed space the log preallocates ahead of its last line: a clean end.
                break;
            }
            int newline = indexOf(bytes, at);
            LogRecord record;
            try {
                if (newline < 0) {
                    throw new IOException("the last line has no end");
                }
                record = LogCodec.decode(bytes, at, newline);
            } catch (IOException torn) {
                tail = ", ignored " + (bytes.length - at) + " bytes at the end that were never acknowledged ("
                        + torn.getMessage() + ")";
                break;
            }
            lastToken = Math.max(lastToken, apply(record, leases));
            records++;
            at = newline + 1;
        }
        String summary = leases.size() + " lock(s), last fencing token " + lastToken + ", from "
                + path.getFileName() + " (a checkpoint and " + records + " record(s))" + tail
                + (skipped.isEmpty() ? "" : ", skipped " + skipped);
        return new Recovered(lastToken, leases, newest, summary);
    }

    /** Applies one change and returns the fencing token it mentions. */
    private static long apply(LogRecord record, Map<String, Lease> leases) {
        if (record instanceof LogRecord.Granted) {
            Lease lease = ((LogRecord.Granted) record).lease();
            leases.put(lease.resource(), lease);
            return lease.fencingToken();
        }
        if (record instanceof LogRecord.Renewed) {
            LogRecord.Renewed renewed = (LogRecord.Renewed) record;
            Lease lease = leases.get(renewed.resource());
            if (lease != null && lease.fencingToken() == renewed.fencingToken()) {
                leases.put(renewed.resource(), lease.withExpiry(renewed.expiresAtMillis()));
            }
            return renewed.fencingToken();
        }
        if (record instanceof LogRecord.Released) {
            LogRecord.Released released = (LogRecord.Released) record;
            Lease lease = leases.get(released.resource());
            if (lease != null && lease.fencingToken() == released.fencingToken()) {
                leases.remove(released.resource());
            }
            return released.fencingToken();
        }
        LogRecord.Checkpoint checkpoint = (LogRecord.Checkpoint) record;
        leases.clear();
        checkpoint.leases().forEach(lease -> leases.put(lease.resource(), lease));
        return checkpoint.lastFencingToken();
    }

    private static boolean allEmptyOfLines(Path folder, List<Long> generations) throws IOException {
        for (long generation : generations) {
            if (indexOf(Files.readAllBytes(LogFiles.path(folder, generation)), 0) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
