package lockstep.workshop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lockstep.workshop.CloseAll;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.LockServer;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.race.Fault;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.race.RedisStrike;
import lockstep.workshop.redis.RedisPersistence;
import lockstep.workshop.redis.RedisServers;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;

/**
 * The lock service a lab's race uses: the one named on the command line, or one started for this
 * race alone (on free ports, with fresh data folders) and stopped when the race is over. The one
 * place the command line starts a lock service for a race. A lab whose spec asks for an ensemble
 * ({@link Lab#zooKeeperServers()} above 1) gets one of that many members, which the race then owns:
 * its faults may stop them.
 */
final class LabServices implements AutoCloseable {

    /** How many Redis servers a race starts for a Redis lab: Redlock's usual five. */
    static final int REDIS_SERVERS = RedisNodesOptions.DEFAULT_NODES;

    private final Services services;
    private final List<AutoCloseable> started;
    private final EmbeddedZooKeeper ensemble;
    private final RedisServers redisServers;

    private LabServices(Services services, List<AutoCloseable> started, EmbeddedZooKeeper ensemble,
            RedisServers redisServers) {
        this.services = services;
        this.started = started;
        this.ensemble = ensemble;
        this.redisServers = redisServers;
    }

    /** The services for a race of {@code lab} without a fault: given ones, or started ones. */
    static LabServices forRace(Lab lab, ServiceOptions given) throws IOException {
        return forRace(lab, given, null);
    }

    /**
     * The services for a race of {@code lab} with {@code fault} (or none): given ones, or started ones. A fault that
     * strikes Redis servers gets five the race starts itself, keeping on disk what the fault needs.
     *
     * @throws IllegalArgumentException if the fault strikes Redis servers and {@code --redis} named others
     */
    static LabServices forRace(Lab lab, ServiceOptions given, Fault fault) throws IOException {
        RedisStrike strike = fault == null ? null : fault.redis();
        if (strike != null && given.redis != null) {
            throw new IllegalArgumentException("--redis: this fault kills and restarts Redis servers, so it needs the"
                    + " ones the race starts itself; leave out --redis");
        }
        String zooKeeper = null;
        String lockServer = null;
        EmbeddedZooKeeper ensemble = null;
        String redis = null;
        RedisServers redisServers = null;
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
            if (lab.needs(Lab.Service.REDIS)) {
                if (given.redis != null) {
                    redis = Services.redis(RedisOption.requireAddresses(given.redis)).redis();
                } else {
                    redisServers = RedisServers.of(REDIS_SERVERS)
                            .persistence(strike == null ? RedisPersistence.NONE : strike.persistence()).start();
                    started.add(redisServers);
                    redis = redisServers.addressList();
                }
            }
        } catch (IOException | RuntimeException e) {
            try {
                new LabServices(Services.NONE, started, null, null).close(); // stops what did start
            } catch (Exception stopping) {
                e.addSuppressed(stopping);
            }
            throw e;
        }
        return new LabServices(new Services(zooKeeper, lockServer, redis), started, ensemble, redisServers);
    }

    Services services() {
        return services;
    }

    /** The ensemble started for the race, whose servers its faults may stop; empty when given or standalone. */
    Optional<EmbeddedZooKeeper> ensemble() {
        return Optional.ofNullable(ensemble);
    }

    /** The Redis servers started for this race, which a Redis fault strikes; empty if it was given others or none. */
    Optional<RedisServers> redisServers() {
        return Optional.ofNullable(redisServers);
    }

    /** {@code race} with these services, and with the ensemble and the Redis servers they started, if any. */
    RaceSetup appliedTo(RaceSetup race) {
        return race.services(services).ensemble(ensemble).redisServers(redisServers);
    }

    @Override
    public void close() throws Exception {
        CloseAll.close(started);
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
