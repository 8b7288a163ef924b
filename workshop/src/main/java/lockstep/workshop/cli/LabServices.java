package lockstep.workshop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.LockServer;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;

/**
 * The lock service a lab's race uses: the one named on the command line, or one started for this
 * race alone (on a free port, with a fresh data folder) and stopped when the race is over.
 */
final class LabServices implements AutoCloseable {

    private final Services services;
    private final List<AutoCloseable> started;

    private LabServices(Services services, List<AutoCloseable> started) {
        this.services = services;
        this.started = started;
    }

    /** The services for a race of {@code lab}: given ones, or started ones. */
    static LabServices forRace(Lab lab, ServiceOptions given) throws IOException {
        String zooKeeper = null;
        String lockServer = null;
        List<AutoCloseable> started = new ArrayList<>();
        try {
            if (lab.needs(Lab.Service.ZOOKEEPER)) {
                zooKeeper = given.zookeeper != null ? ZkOption.requireConnectString(given.zookeeper)
                        : startZooKeeper(started);
            }
            if (lab.needs(Lab.Service.LOCK_SERVER)) {
                lockServer = given.lockServer != null ? given.lockServer : startLockServer(started);
            }
        } catch (IOException | RuntimeException e) {
            try {
                new LabServices(Services.NONE, started).close(); // stops what did start
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return new LabServices(new Services(zooKeeper, lockServer), started);
    }

    Services services() {
        return services;
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (AutoCloseable service : started) {
            try {
                service.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static String startLockServer(List<AutoCloseable> started) throws IOException {
        Path data = Files.createTempDirectory("lockstep-lock-server-");
        LockServer server = LockServer.start(LockServerConfig.defaults(data).withPort(0));
        started.add(() -> {
            server.close();
            ScratchFolders.deleteQuietly(data);
        });
        return server.uri().toString();
    }

    private static String startZooKeeper(List<AutoCloseable> started) throws IOException {
        EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start();
        started.add(zooKeeper);
        return zooKeeper.connectString();
    }
}
