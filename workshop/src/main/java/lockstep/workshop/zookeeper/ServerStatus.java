package lockstep.workshop.zookeeper;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One server's answer to {@code srvr}: its address, its mode, and how many znodes it holds.
 *
 * @param address the client address that was asked
 * @param mode what the server is doing
 * @param nodeCount the number of znodes in its tree (ZooKeeper's own included); 0 unless serving
 */
public record ServerStatus(InetSocketAddress address, ServerMode mode, long nodeCount) {

    public ServerStatus {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(mode, "mode");
        if (nodeCount < 0) {
            throw new IllegalArgumentException("nodeCount must not be negative, was " + nodeCount);
        }
    }

    /** The status of an address where nothing answered. */
    public static ServerStatus notAnswering(InetSocketAddress address) {
        return new ServerStatus(address, ServerMode.NOT_ANSWERING, 0);
    }

    /**
     * Reads the text a server sends back for {@code srvr}: lines such as {@code Mode: follower}
     * and {@code Node count: 42}, or a single sentence when it is not serving.
     */
    public static ServerStatus parse(InetSocketAddress address, String srvrAnswer) {
        ServerMode mode = ServerMode.UNKNOWN;
        long nodeCount = 0;
        if (srvrAnswer.contains("not currently serving requests")) {
            mode = ServerMode.NOT_SERVING;
        }
        for (String line : srvrAnswer.split("\n")) {
            if (line.startsWith("Mode:")) {
                mode = modeNamed(line.substring("Mode:".length()).trim());
            } else if (line.startsWith("Node count:")) {
                nodeCount = Long.parseLong(line.substring("Node count:".length()).trim());
            }
        }
        return new ServerStatus(address, mode, mode.isServing() ? nodeCount : 0);
    }

    /** Whether a client connected to this server can read and write. */
    public boolean isServing() {
        return mode.isServing();
    }

    /** {@code host:port}, as it would appear in a connect string. */
    public String hostAndPort() {
        return address.getHostString() + ":" + address.getPort();
    }

    private static ServerMode modeNamed(String name) {
        return switch (name) {
            case "standalone" -> ServerMode.STANDALONE;
            case "leader" -> ServerMode.LEADER;
            case "follower" -> ServerMode.FOLLOWER;
            case "observer" -> ServerMode.OBSERVER;
            default -> ServerMode.UNKNOWN;
        };
    }
}
