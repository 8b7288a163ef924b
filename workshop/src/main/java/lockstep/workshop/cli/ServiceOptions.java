package lockstep.workshop.cli;

import picocli.CommandLine.Option;

/**
 * {@code --zk}, {@code --server} and {@code --redis} for commands that run a whole race (race, demo): without them,
 * the race starts a lock service of its own, on a free port, and stops it afterwards, so a race
 * never needs anything else running and never collides with a server a learner started.
 */
final class ServiceOptions {

    @Option(names = "--zk", paramLabel = "CONNECT",
            description = "For ZooKeeper labs: race against this ensemble (host:port[,host:port...]) instead of"
                    + " an embedded server started for the race.")
    String zookeeper;

    @Option(names = "--server", paramLabel = "URL",
            description = "For lock-server labs: race against this lock server (http://host:port) instead of one"
                    + " started for the race.")
    String lockServer;

    @Option(names = "--redis", paramLabel = "ADDRESSES",
            description = "For Redis labs: race against these Redis servers (host:port[,host:port...]) instead of five"
                    + " started for the race.")
    String redis;

    /** Refuses a malformed --zk, --server or --redis as bad input, naming the flag, before anything starts. */
    void requireWellFormed() {
        if (zookeeper != null) {
            ZkOption.requireConnectString(zookeeper);
        }
        if (lockServer != null) {
            LockServerOption.requireUrl(lockServer);
        }
        if (redis != null) {
            RedisOption.requireAddresses(redis);
        }
    }
}
