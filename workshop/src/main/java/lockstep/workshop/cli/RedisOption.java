package lockstep.workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lockstep.workshop.redis.RedisServers;
import picocli.CommandLine.Option;
import redis.clients.jedis.HostAndPort;

/**
 * The {@code --redis ADDRESSES} option of {@code book}: the Redis servers a Redis lab's node locks on, by default the
 * five that {@code ./lockstep redis start} runs. Mix it in with {@code @Mixin RedisOption redis;}.
 */
public final class RedisOption {

    /** Where {@code ./lockstep redis start} serves, and so where {@code book} looks by default. */
    public static final String DEFAULT_ADDRESSES =
            "127.0.0.1:6379,127.0.0.1:6380,127.0.0.1:6381,127.0.0.1:6382,127.0.0.1:6383";

    /** One server: a host name or IPv4 address, a colon, a port number. */
    private static final Pattern SERVER = Pattern.compile("([A-Za-z0-9.-]+):(\\d{1,5})");

    @Option(names = "--redis", paramLabel = "ADDRESSES", defaultValue = DEFAULT_ADDRESSES,
            description = {"For Redis labs (07): the Redis servers, host:port[,host:port...] (default: the five"
                    + " that `./lockstep redis start` runs, 127.0.0.1:6379 to 6383)."})
    private String addresses = DEFAULT_ADDRESSES;

    /** The servers given, or the default five, in order; a malformed list is refused as bad input. */
    public List<HostAndPort> addresses() {
        return requireAddresses(addresses);
    }

    /** The servers exactly as typed, comma-separated. */
    public String text() {
        return addresses;
    }

    /**
     * {@code text} as a list of Redis servers, so that a typo is reported as bad input (naming the flag) rather than
     * as a server that does not answer.
     */
    static List<HostAndPort> requireAddresses(String text) {
        List<HostAndPort> servers = new ArrayList<>();
        for (String server : text.split(",", -1)) {
            Matcher match = SERVER.matcher(server.trim());
            int port = match.matches() ? Integer.parseInt(match.group(2)) : 0;
            if (port < 1 || port > 65_535) {
                throw new IllegalArgumentException("--redis must be host:port[,host:port...] with ports 1 to 65535,"
                        + " for example 127.0.0.1:6379,127.0.0.1:6380,127.0.0.1:6381, but was '" + text + "'");
            }
            servers.add(new HostAndPort(match.group(1), port));
        }
        if (servers.size() > RedisServers.MAX_SERVERS) {
            throw new IllegalArgumentException("--redis names " + servers.size() + " servers; a lab uses at most "
                    + RedisServers.MAX_SERVERS + " (Redlock's usual count is 5)");
        }
        return servers;
    }
}
