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
        try {
            return URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--server must be a URL such as " + DEFAULT_URL + ", but was '"
                    + url + "'");
        }
    }
}
