package lockstep.workshop.cli;

import java.net.URI;
import picocli.CommandLine.Option;

/**
 * The {@code --server URL} option of the commands that talk to a lock server a learner started
 * ({@code book}, {@code visualize}); mix it in with {@code @Mixin LockServerOption lockServer;}.
 */
public final class LockServerOption {

    /** Where {@code ./lockstep lock-server} listens unless told otherwise. */
    public static final String DEFAULT_URL = "http://127.0.0.1:14000";

    @Option(names = "--server", paramLabel = "URL", defaultValue = DEFAULT_URL,
            description = "For lock-server labs: the lock server to use (default ${DEFAULT-VALUE}, where"
                    + " './lockstep lock-server' listens).")
    private String url = DEFAULT_URL;

    /** The URL given, or the default, exactly as typed. */
    public String text() {
        return url;
    }

    /** The URL given, or the default; one that is not a URL is refused as bad input, naming the flag. */
    public URI uri() {
        return requireUrl(url);
    }

    /**
     * {@code text} as the URL of a lock server, http://HOST:PORT; anything else is refused as bad input, naming the
     * flag, so that a typo is not reported as a server that does not answer.
     */
    static URI requireUrl(String text) {
        URI uri;
        try {
            uri = URI.create(text);
        } catch (IllegalArgumentException e) {
            uri = null;
        }
        boolean usable = uri != null && "http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
                && uri.getPort() <= 65535 && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
        if (!usable) {
            throw new IllegalArgumentException("--server must be a lock server's URL, http://HOST:PORT such as "
                    + DEFAULT_URL + ", but was '" + text + "'");
        }
        return uri;
    }
}
