package lockstep.workshop.faults;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.zookeeper.client.ConnectStringParser;

/**
 * A network partition between some clients and every server of a ZooKeeper service: one
 * {@link TcpProxy} per server. The clients to be cut off connect with {@link #connectString()};
 * everyone else (observers, the grader, {@link SessionExpiry}) uses the real connect string and is
 * not affected.
 *
 * <pre>{@code
 * try (ZooKeeperPartition partition = ZooKeeperPartition.of(zooKeeper.connectString())) {
 *     CuratorFramework holder = ZooKeeperConnections.curator(partition.connectString(), session);
 *     ...                 // holder takes the lock
 *     partition.cut();    // holder: SUSPENDED after 2/3 of the session, LOST after all of it
 *     ...
 *     partition.restore();
 * }
 * }</pre>
 */
public final class ZooKeeperPartition implements AutoCloseable {

    private final List<TcpProxy> proxies;

    private ZooKeeperPartition(List<TcpProxy> proxies) {
        this.proxies = List.copyOf(proxies);
    }

    /** Starts one proxy per server of {@code connectString}; traffic flows until {@link #cut()}. */
    public static ZooKeeperPartition of(String connectString) throws IOException {
        ConnectStringParser parsed = new ConnectStringParser(connectString);
        if (parsed.getChrootPath() != null) {
            throw new IllegalArgumentException("a connect string with a chroot cannot be proxied as it is: " + connectString);
        }
        List<TcpProxy> proxies = new ArrayList<>();
        try {
            for (InetSocketAddress server : parsed.getServerAddresses()) {
                proxies.add(TcpProxy.start(new InetSocketAddress(server.getHostString(), server.getPort())));
            }
        } catch (IOException e) {
            proxies.forEach(TcpProxy::close);
            throw e;
        }
        return new ZooKeeperPartition(proxies);
    }

    /** The connect string that goes through the proxies, for the clients to be cut off. */
    public String connectString() {
        return proxies.stream().map(TcpProxy::hostAndPort).collect(Collectors.joining(","));
    }

    /** Freezes all traffic between those clients and every server. */
    public FaultEvent cut() throws InterruptedException {
        long start = System.nanoTime();
        for (TcpProxy proxy : proxies) {
            proxy.cut();
        }
        return FaultEvent.since("partition", connectString(), start);
    }

    /**
     * To those clients, every server goes down: their connections are reset, and each new one at once, until
     * {@link #restore()}. Their operations fail as soon as their own retries run out, not after their session.
     */
    public FaultEvent refuse() {
        long start = System.nanoTime();
        proxies.forEach(TcpProxy::refuse);
        return FaultEvent.since("refuse", connectString(), start);
    }

    /** Heals the partition (or ends a refusal): held traffic flows again. */
    public FaultEvent restore() {
        long start = System.nanoTime();
        proxies.forEach(TcpProxy::restore);
        return FaultEvent.since("heal partition", connectString(), start);
    }

    /** Resets every open connection; the clients reconnect at once (through the proxies). */
    public FaultEvent dropConnections() {
        long start = System.nanoTime();
        proxies.forEach(TcpProxy::dropConnections);
        return FaultEvent.since("drop connections", connectString(), start);
    }

    @Override
    public void close() {
        proxies.forEach(TcpProxy::close);
    }
}
