package lockstep.workshop.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a service in the foreground until Ctrl+C, then stops it before the JVM exits. Ctrl+C does not interrupt the
 * waiting thread: the JVM runs its shutdown hooks, and ours asks the waiting command to stop and waits (up to 10 s)
 * until it has, so the service closes cleanly and its goodbye is printed. Tests stop it with {@link #requestStop()}.
 */
final class UntilCtrlC {

    private static final long STOP_TIMEOUT_SECONDS = 10;

    private final String name;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);

    /** {@code name} names the command in the hook's thread, such as "redis start". */
    UntilCtrlC(String name) {
        this.name = name;
    }

    /** Waits until Ctrl+C or {@link #requestStop()}, then runs {@code stop}. */
    void await(Runnable stop) throws InterruptedException {
        Thread onCtrlC = new Thread(this::stopAndWait, name + ": Ctrl+C");
        Runtime.getRuntime().addShutdownHook(onCtrlC);
        try {
            stopRequested.await();
            stop.run();
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(onCtrlC);
            } catch (IllegalStateException e) {
                // The JVM is shutting down (that is how we got here on Ctrl+C); the hook is running.
            }
        }
    }

    /** Asks the waiting command to stop, as Ctrl+C does. */
    void requestStop() {
        stopRequested.countDown();
    }

    /** Run by the JVM on Ctrl+C. */
    private void stopAndWait() {
        requestStop();
        try {
            stopped.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
