package lockstep.workshop.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A thread for a command that serves until it is stopped ({@code zk start}, {@code redis start},
 * {@code visualize --web}), so that the test can watch it from its own thread. After each test the thread is
 * interrupted, which stops a command still serving.
 *
 * <pre>{@code
 * @RegisterExtension
 * final Background background = new Background();
 * }</pre>
 */
final class Background implements AfterEachCallback {

    private final ExecutorService thread = Executors.newSingleThreadExecutor();

    /** Starts {@code command} on the background thread. */
    Future<Integer> submit(Callable<Integer> command) {
        return thread.submit(command);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        thread.shutdownNow();
    }
}
