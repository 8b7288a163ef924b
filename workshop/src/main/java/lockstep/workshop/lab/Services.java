package lockstep.workshop.lab;

import java.util.Optional;

/**
 * The outside services a lab's nodes talk to, each present only when the lab needs it.
 *
 * @param zookeeper   a ZooKeeper connect string such as {@code 127.0.0.1:2181}, or null
 * @param lockServer  the TTL lock server's base URL such as {@code http://127.0.0.1:14000}, or null
 */
public record Services(String zookeeper, String lockServer) {

    /** No services: Lab 01 needs only the seat database. */
    public static final Services NONE = new Services(null, null);

    public Optional<String> zookeeperConnect() {
        return Optional.ofNullable(zookeeper);
    }

    public Optional<String> lockServerUrl() {
        return Optional.ofNullable(lockServer);
    }

    /** The ZooKeeper connect string; fails with a clear message when the lab was given none. */
    public String requireZookeeper() {
        return zookeeperConnect().orElseThrow(() -> new IllegalStateException(
                "this lab needs ZooKeeper, but no connect string was given (pass --zk)"));
    }

    /** The lock server's URL; fails with a clear message when the lab was given none. */
    public String requireLockServer() {
        return lockServerUrl().orElseThrow(() -> new IllegalStateException(
                "this lab needs the lock server, but no URL was given (pass --server)"));
    }
}
