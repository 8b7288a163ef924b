package lockstep.workshop.zookeeper;

import java.time.Duration;

/**
 * Nothing answered at a ZooKeeper connect string within the time allowed. The message names the
 * address tried and says how to start a server, so a command can print it as it is.
 */
public final class ZooKeeperUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String connectString;

    public ZooKeeperUnavailableException(String connectString, Duration waited) {
        this(connectString, waited, null);
    }

    public ZooKeeperUnavailableException(String connectString, Duration waited, Throwable cause) {
        super(messageFor(connectString, waited), cause);
        this.connectString = connectString;
    }

    /** The connect string that was tried. */
    public String connectString() {
        return connectString;
    }

    /** The sentence every command prints when it finds no ZooKeeper; also used by {@code zk status}. */
    public static String messageFor(String connectString, Duration waited) {
        boolean ensemble = connectString.contains(",");
        String startCommand = ensemble ? "./lockstep zk start --ensemble 3" : "./lockstep zk start";
        String composeFile = ensemble ? "docker/zookeeper-ensemble.yml" : "docker/zookeeper-single.yml";
        return "No ZooKeeper answered at " + connectString + " within " + describe(waited) + ". "
                + "Start one in another terminal with `" + startCommand + "` "
                + "(or, with Docker, `docker compose -f " + composeFile + " up`), "
                + "or point --zk at a running one.";
    }

    private static String describe(Duration waited) {
        long millis = waited.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
