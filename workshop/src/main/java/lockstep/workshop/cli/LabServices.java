package lockstep.workshop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.LockServer;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;

/**
 * The lock service a lab's race uses: the one named on the command line, or one started for this
 * race alone (on a free port, with a fresh data folder) and stopped when the race is over. A lab
 * whose spec asks for an ensemble ({@link Lab#zooKeeperServers()} above 1) gets one of that many
 * members, which the race then owns: its faults may stop them.
 */
final class LabServices implements AutoCloseable {

    private final Services services;
    private final List<AutoCloseable> started;
    private final EmbeddedZooKeeper ensemble;

    private LabServices(Services services, List<AutoCloseable> started, EmbeddedZooKeeper ensemble) {
        this.services = services;
        this.started = started;
        this.ensemble = ensemble;
    }

    /** The services for a race of {@code lab}: given ones, or started ones. */
    static LabServices forRace(Lab lab, ServiceOptions given) throws IOException {
        String zooKeeper = null;
        String lockServer = null;
        EmbeddedZooKeeper ensemble = null;
        List<AutoCloseable> started = new ArrayList<>();
        try {
            if (lab.needs(Lab.Service.ZOOKEEPER) && given.zookeeper != null) {
                zooKeeper = ZkOption.requireConnectString(given.zookeeper);
            } else if (lab.needs(Lab.Service.ZOOKEEPER)) {
                EmbeddedZooKeeper own = startZooKeeper(lab.zooKeeperServers(), started);
                zooKeeper = own.connectString();
                ensemble = own.isEnsemble() ? own : null;
            }
            if (lab.needs(Lab.Service.LOCK_SERVER)) {
                lockServer = given.lockServer != null ? given.lockServer : startLockServer(started);
            }
        } catch (IOException | RuntimeException e) {
            try {
                new LabServices(Services.NONE, started, null).close(); // stops what did start
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return new LabServices(new Services(zooKeeper, lockServer), started, ensemble);
    }

    Services services() {
        return services;
    }

    /** The ensemble started for the race, whose servers its faults may stop; empty when given or standalone. */
    Optional<EmbeddedZooKeeper> ensemble() {
        return Optional.ofNullable(ensemble);
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

    private static EmbeddedZooKeeper startZooKeeper(int servers, List<AutoCloseable> started) throws IOException {
        EmbeddedZooKeeper zooKeeper = (servers > 1 ? EmbeddedZooKeeper.ensemble(servers)
                : EmbeddedZooKeeper.standalone()).start();
        started.add(zooKeeper);
        return zooKeeper;
    }
}
