package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.FourLetterWordMain;
import org.apache.zookeeper.common.X509Exception;

/**
 * Asks a ZooKeeper server about itself with a four-letter word ({@code srvr}, {@code cons},
 * {@code mntr}...) sent to its client port: no session, no client library state, so it works on a
 * server that has no quorum and it never waits longer than the timeout given.
 *
 * <p>A server answers only the words on its {@code 4lw.commands.whitelist}. Our embedded servers
 * and compose files allow {@code srvr, cons, mntr, ruok, wchs, wchp}; a stock server allows only
 * {@code srvr}.
 */
public final class FourLetterWords {

    private FourLetterWords() {
    }

    /**
     * Sends {@code word} and returns the whole answer.
     *
     * @throws IOException if nothing answers within {@code timeout} (refused, silent, unreachable)
     */
    public static String ask(InetSocketAddress server, String word, Duration timeout) throws IOException {
        try {
            return FourLetterWordMain.send4LetterWord(
                    server.getHostString(), server.getPort(), word, false, Math.toIntExact(timeout.toMillis()));
        } catch (X509Exception.SSLContextException e) {
            // Only thrown when asking over TLS, which we never do (the 'false' above).
            throw new IllegalStateException("TLS was not requested, yet the TLS setup failed for " + server, e);
        }
    }

    /** Asks one server for its mode and znode count; an address where nothing answers is reported, not thrown. */
    public static ServerStatus status(InetSocketAddress server, Duration timeout) {
        try {
            return ServerStatus.parse(server, ask(server, "srvr", timeout));
        } catch (IOException e) {
            return ServerStatus.notAnswering(server);
        }
    }

    /** Asks every server of a connect string (such as {@code 127.0.0.1:2181,127.0.0.1:2182}), in its order. */
    public static List<ServerStatus> statusOfEach(String connectString, Duration timeout) {
        return addressesOf(connectString).stream().map(server -> status(server, timeout)).toList();
    }

    /** The server addresses of a connect string, without its chroot suffix, in the order written. */
    public static List<InetSocketAddress> addressesOf(String connectString) {
        return List.copyOf(new ConnectStringParser(connectString).getServerAddresses());
    }

    /**
     * Which sessions watch each watched path ({@code wchp}, asked of every server of the connect
     * string): path, such as {@code /lockstep/lab04/A1/lock-...-0000000007}, to session ids. Empty
     * when no server would say (nothing answers, or {@code wchp} is not on its whitelist).
     */
    public static Optional<Map<String, Set<Long>>> watchersByPath(String connectString, Duration timeout) {
        Map<String, Set<Long>> watchers = null;
        for (InetSocketAddress server : addressesOf(connectString)) {
            String answer;
            try {
                answer = ask(server, "wchp", timeout);
            } catch (IOException e) {
                continue; // this server does not answer; another may
            }
            if (answer.contains("is not executed because it is not in the whitelist")) {
                continue;
            }
            watchers = watchers == null ? new HashMap<>() : watchers;
            String path = null;
            for (String line : answer.split("\n")) {
                String trimmed = line.trim();
                if (line.startsWith("/")) {
                    path = trimmed;
                } else if (path != null && trimmed.startsWith("0x")) {
                    watchers.computeIfAbsent(path, key -> new HashSet<>()).add(Long.parseUnsignedLong(trimmed.substring(2), 16));
                }
            }
        }
        return Optional.ofNullable(watchers);
    }
}
