package lockstep.workshop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    private final AutoCloseable started;

    private LabServices(Services services, AutoCloseable started) {
        this.services = services;
        this.started = started;
    }

    /** The services for a race of {@code lab}: given ones, or started ones. */
    static LabServices forRace(Lab lab, ServiceOptions given) throws IOException {
        return switch (lab.needs()) {
            case DATABASE_ONLY -> new LabServices(Services.NONE, null);
            case ZOOKEEPER -> given.zookeeper != null
                    ? new LabServices(new Services(ZkOption.requireConnectString(given.zookeeper), null), null)
                    : startZooKeeper();
            case LOCK_SERVER -> given.lockServer != null
                    ? new LabServices(new Services(null, given.lockServer), null)
                    : startLockServer();
        };
    }

    Services services() {
        return services;
    }

    @Override
    public void close() throws Exception {
        if (started != null) {
            started.close();
        }
    }

    private static LabServices startLockServer() throws IOException {
        Path data = Files.createTempDirectory("lockstep-lock-server-");
        LockServer server = LockServer.start(LockServerConfig.defaults(data).withPort(0));
        AutoCloseable stopAndForget = () -> {
            server.close();
            ScratchFolders.deleteQuietly(data);
        };
        return new LabServices(new Services(null, server.uri().toString()), stopAndForget);
    }

    private static LabServices startZooKeeper() throws IOException {
        EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start();
        return new LabServices(new Services(zooKeeper.connectString(), null), zooKeeper);
    }
}
