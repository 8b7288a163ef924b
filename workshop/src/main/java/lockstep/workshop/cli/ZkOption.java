package lockstep.workshop.cli;

import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The {@code --zk CONNECT} option every command that talks to ZooKeeper shares; mix it in with
 * {@code @Mixin ZkOption zk;}.
 */
public final class ZkOption {

    /** Where {@code ./lockstep zk start} serves, and so where every lab looks by default. */
    public static final String DEFAULT_CONNECT_STRING = "127.0.0.1:2181";

    /** One server of a connect string: a host name, IPv4 address or [IPv6 address], a colon, a port number. */
    private static final Pattern SERVER = Pattern.compile("(?:[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]):(\\d{1,5})");

    @Option(names = "--zk", paramLabel = "CONNECT", defaultValue = DEFAULT_CONNECT_STRING,
            description = {"ZooKeeper connect string, host:port[,host:port...] (default: ${DEFAULT-VALUE}).",
                    "Start one with `./lockstep zk start` (add `--ensemble 3` for three servers),",
                    "or with Docker: `docker compose -f docker/zookeeper-single.yml up`."})
    private String connectString = DEFAULT_CONNECT_STRING;

    /** The connect string given, or the default; a malformed one is refused as bad input. */
    public String connectString() {
        return requireConnectString(connectString);
    }

    /**
     * Returns {@code connectString} if it is a list of host:port, so that a typo is reported as bad input
     * (naming the flag) rather than as a ZooKeeper that does not answer.
     */
    static String requireConnectString(String connectString) {
        int chroot = connectString.indexOf('/'); // ZooKeeper allows a chroot path after the last server
        String servers = chroot < 0 ? connectString : connectString.substring(0, chroot);
        for (String server : servers.split(",", -1)) {
            var match = SERVER.matcher(server);
            if (!match.matches() || Integer.parseInt(match.group(1)) < 1 || Integer.parseInt(match.group(1)) > 65535) {
                throw new IllegalArgumentException("--zk must be host:port[,host:port...] with ports 1 to 65535,"
                        + " for example " + DEFAULT_CONNECT_STRING + ", but was '" + connectString + "'");
            }
        }
        return connectString;
    }
}
