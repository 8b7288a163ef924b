package lockstep.workshop.faults;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Kills a node's process with SIGKILL: no shutdown hook, no {@code finally}, no goodbye to
 * ZooKeeper. Its session is not closed; the server ends it only when the session timeout passes,
 * and only then do its ephemeral znodes (its locks) disappear. That delay is the lesson.
 *
 * <p>Works on a paused (SIGSTOP) process too.
 */
public final class ProcessKill {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);

    private ProcessKill() {
    }

    /**
     * Sends SIGKILL and returns once the process has exited.
     *
     * @throws IllegalStateException if the process is still there 10 s later
     */
    public static FaultEvent kill(ProcessHandle process) throws InterruptedException {
        long start = System.nanoTime();
        String target = "pid " + process.pid();
        // On Linux and macOS, destroyForcibly() is SIGKILL.
        process.destroyForcibly();
        try {
            process.onExit().get(EXIT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException(target + " was sent SIGKILL but still runs after " + EXIT_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for " + target + " to exit", e.getCause());
        }
        return FaultEvent.since("SIGKILL", target, start);
    }
}
