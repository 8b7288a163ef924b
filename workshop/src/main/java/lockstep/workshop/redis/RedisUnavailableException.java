package lockstep.workshop.redis;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;

/**
 * No Redis answered at an address within the time allowed. The message names the address tried and says how to start
 * servers, so a command can print it as it is.
 */
public final class RedisUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private static final String DEFAULT_START_COMMAND = "./lockstep redis start";

    private final transient List<HostAndPort> addresses;

    public RedisUnavailableException(List<HostAndPort> addresses, Duration waited, Throwable cause) {
        super(messageFor(addresses, waited), cause);
        this.addresses = List.copyOf(addresses);
    }

    /** The addresses that did not answer. */
    public List<HostAndPort> addresses() {
        return addresses;
    }

    /** The sentence every command prints when servers do not answer, with the default way to start them. */
    public static String messageFor(List<HostAndPort> silent, Duration waited) {
        return messageFor(silent, waited, DEFAULT_START_COMMAND);
    }

    /**
     * The sentence every command prints when servers do not answer: where it asked, how long it waited, and the
     * command that starts the servers meant ({@code startCommand}).
     */
    public static String messageFor(List<HostAndPort> silent, Duration waited, String startCommand) {
        String where = silent.stream().map(HostAndPort::toString).collect(Collectors.joining(", "));
        String howToStart = startCommand.equals(DEFAULT_START_COMMAND)
                ? "`" + startCommand + "` (five servers on 127.0.0.1:6379-6383), or, with Docker, "
                        + "`docker compose -f docker/redis.yml up` (the same five)"
                : "`" + startCommand + "`";
        return "No Redis answered at " + where + " within " + describe(waited) + ". Start them in another terminal with "
                + howToStart + ".";
    }

    private static String describe(Duration waited) {
        long millis = waited.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }
}
