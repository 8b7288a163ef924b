package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;

/**
 * One server of an {@link EmbeddedZooKeeper}: its configuration, its folder, and whether it runs.
 * Stopping and starting it again keeps its folder, so it comes back with its data, as a real
 * server restarted by an operator would.
 */
final class ZooKeeperMember {

    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final int index;
    private final InetSocketAddress clientAddress;
    private final Path directory;
    private final Properties configuration;
    private ZooKeeperServerEmbedded server; // null while stopped

    ZooKeeperMember(int index, InetSocketAddress clientAddress, Path directory, Properties configuration) {
        this.index = index;
        this.clientAddress = clientAddress;
        this.directory = directory;
        this.configuration = configuration;
    }

    int index() {
        return index;
    }

    InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** Starts the server; for a standalone server, returns once it serves clients. */
    synchronized void start() throws Exception {
        if (server != null) {
            return;
        }
        Files.createDirectories(directory);
        ZooKeeperServerEmbedded starting = ZooKeeperServerEmbedded.builder()
                .baseDir(directory)
                .configuration(configuration)
                // Never System.exit() the JVM that embeds us (the default would, on a fatal error).
                .exitHandler(ExitHandler.LOG_ONLY)
                .build();
        // The builder has already parsed the configuration file it wrote; nobody needs the copy.
        deleteGeneratedConfigurationFiles();
        starting.start(START_TIMEOUT_MILLIS);
        server = starting;
    }

    /** Stops the server, closing its clients' connections; its data stays on disk. */
    synchronized void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    synchronized boolean isRunning() {
        return server != null;
    }

    @Override
    public String toString() {
        return "member " + index + " (myid " + (index + 1) + ", " + clientAddress.getHostString() + ":"
                + clientAddress.getPort() + ")";
    }

    /** ZooKeeper writes its configuration to a fresh {@code zookeeper.configuration*.properties} file at every start. */
    private void deleteGeneratedConfigurationFiles() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "zookeeper.configuration*.properties")) {
            for (Path file : files) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not tidy the configuration files in " + directory, e);
        }
    }
}
