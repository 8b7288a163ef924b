package lockstep.workshop.seatserver;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a seat server listens, as it announces itself in a small file beside the database: the JDBC URL to connect
 * to, and the server's process id. The file is written whole under another name and then renamed, so a reader finds
 * either the whole address or none; a file that cannot be read as one counts as none.
 */
record SeatServerAddress(String url, long pid) {

    private static final String URL = "url";
    private static final String PID = "pid";

    /** The address announced in {@code file}, if there is a readable one. */
    static Optional<SeatServerAddress> readFrom(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        String url = properties.getProperty(URL);
        String pid = properties.getProperty(PID);
        if (url == null || pid == null || !pid.matches("[0-9]{1,18}")) {
            return Optional.empty(); // not written by a seat server: as good as no address
        }
        return Optional.of(new SeatServerAddress(url, Long.parseLong(pid)));
    }

    /** Announces this address in {@code file}, replacing what was there in one step. */
    void writeTo(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty(URL, url);
        properties.setProperty(PID, Long.toString(pid));
        Path whole = file.resolveSibling(file.getFileName() + ".new");
        try (Writer writer = Files.newBufferedWriter(whole, StandardCharsets.UTF_8)) {
            properties.store(writer, "the seat server of this folder's database; it deletes this file when it ends");
        }
        Files.move(whole, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * Whether the process that wrote this address still runs. One that does not (killed, or ended by a crash of the
     * machine) left its file behind: nothing serves at this address any more.
     */
    boolean serverIsRunning() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
