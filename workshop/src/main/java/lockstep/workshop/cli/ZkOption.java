package lockstep.workshop.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --zk CONNECT} option every command that talks to ZooKeeper shares; mix it in with
 * {@code @Mixin ZkOption zk;}.
 */
public final class ZkOption {

    /** Where {@code ./lockstep zk start} serves, and so where every lab looks by default. */
    public static final String DEFAULT_CONNECT_STRING = "127.0.0.1:2181";

    @Option(names = "--zk", paramLabel = "CONNECT", defaultValue = DEFAULT_CONNECT_STRING,
            description = {"ZooKeeper connect string, host:port[,host:port...] (default: ${DEFAULT-VALUE}).",
                    "Start one with `./lockstep zk start` (add `--ensemble 3` for three servers),",
                    "or with Docker: `docker compose -f docker/zookeeper-single.yml up`."})
    private String connectString = DEFAULT_CONNECT_STRING;

    /** The connect string given, or the default. */
    public String connectString() {
        return connectString;
    }
}
