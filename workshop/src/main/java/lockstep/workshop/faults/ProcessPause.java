package lockstep.workshop.faults;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Pauses a node's process with SIGSTOP and resumes it with SIGCONT: every thread of that JVM
 * stops at once, its heartbeats included, as in a long garbage-collection pause or a VM that the
 * hypervisor froze. If the pause outlasts the session timeout, ZooKeeper expires the session and
 * deletes its ephemeral znodes while the process cannot notice; after SIGCONT the process carries
 * on for a moment believing it still holds its lock. That is the case fencing tokens exist for.
 *
 * <p>Why a whole process: a stalled thread is <em>not</em> a model of a GC pause for ZooKeeper.
 * The client's own I/O thread keeps sending heartbeats while one application thread sleeps, so
 * the session, and the lock, survive any stall of the thread that holds it. Only stopping every
 * thread (a separate JVM, paused here) or a real expiry ({@link SessionExpiry}) loses the lock.
 *
 * <p>Both steps return only once the state is observable: {@link #pause} once every thread of
 * the process is stopped (state {@code T} in {@code /proc/PID/task/*}/stat, or in {@code ps} where
 * there is no {@code /proc}), {@link #resume} once none is. The signals are sent with the
 * {@code kill} command, found on every Linux and macOS machine.
 */
public final class ProcessPause {

    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(10);
    private static final long STATE_POLL_MILLIS = 2;

    private ProcessPause() {
    }

    /**
     * Sends SIGSTOP and returns once every thread of the process has stopped.
     *
     * @throws IllegalStateException if the signal cannot be sent or the process does not stop within 10 s
     */
    public static FaultEvent pause(ProcessHandle process) throws InterruptedException {
        long start = System.nanoTime();
        signal("STOP", process);
        awaitState(process, true);
        return FaultEvent.since("SIGSTOP", "pid " + process.pid(), start);
    }

    /**
     * Sends SIGCONT and returns once no thread of the process is stopped any more.
     *
     * @throws IllegalStateException if the signal cannot be sent or the process does not run again within 10 s
     */
    public static FaultEvent resume(ProcessHandle process) throws InterruptedException {
        long start = System.nanoTime();
        signal("CONT", process);
        awaitState(process, false);
        return FaultEvent.since("SIGCONT", "pid " + process.pid(), start);
    }

    /** Whether every thread of the process is stopped (false once it has exited). */
    public static boolean isPaused(ProcessHandle process) {
        List<Character> states = threadStates(process.pid());
        return !states.isEmpty() && states.stream().allMatch(state -> state == 'T' || state == 't');
    }

    private static void signal(String signal, ProcessHandle process) throws InterruptedException {
        if (!process.isAlive()) {
            throw new IllegalStateException("cannot send SIG" + signal + " to pid " + process.pid() + ": it has exited");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + process.pid() + " failed: " + output);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run `kill -" + signal + " " + process.pid() + "`", e);
        }
    }

    private static void awaitState(ProcessHandle process, boolean paused) throws InterruptedException {
        long deadline = System.nanoTime() + STATE_TIMEOUT.toNanos();
        while (isPaused(process) != paused) {
            if (!process.isAlive()) {
                throw new IllegalStateException("pid " + process.pid() + " exited while we waited for it to "
                        + (paused ? "stop" : "run again"));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("pid " + process.pid() + " did not " + (paused ? "stop" : "run again")
                        + " within " + STATE_TIMEOUT.toSeconds() + " s; its threads are in states " + threadStates(process.pid()));
            }
            // The kernel delivers the signal to each thread as it is next scheduled: microseconds to milliseconds.
            TimeUnit.MILLISECONDS.sleep(STATE_POLL_MILLIS);
        }
    }

    /** The scheduler state of each thread of the process, such as R (running), S (sleeping), T (stopped). */
    private static List<Character> threadStates(long pid) {
        Path tasks = Path.of("/proc", Long.toString(pid), "task");
        if (!Files.isDirectory(Path.of("/proc", "self"))) {
            return processStateFromPs(pid);
        }
        List<Character> states = new ArrayList<>();
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                try {
                    states.add(stateField(Files.readString(thread.resolve("stat"))));
                } catch (NoSuchFileException e) {
                    // That thread ended between listing and reading; it has no state to report.
                }
            }
        } catch (NoSuchFileException e) {
            return List.of(); // the process has gone
        } catch (IOException e) {
            throw new IllegalStateException("could not read the threads of pid " + pid + " in " + tasks, e);
        }
        return states.stream().filter(state -> state != 'Z' && state != 'X').toList();
    }

    /** The third field of a stat line; the second, the command name in parentheses, may hold spaces. */
    private static char stateField(String stat) {
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    /** Where there is no /proc (macOS), {@code ps} shows the state of the whole process. */
    private static List<Character> processStateFromPs(long pid) {
        try {
            Process ps = new ProcessBuilder("ps", "-o", "state=", "-p", Long.toString(pid)).start();
            String state = new String(ps.getInputStream().readAllBytes()).trim();
            ps.waitFor();
            return state.isEmpty() ? List.of() : List.of(state.charAt(0));
        } catch (IOException e) {
            throw new IllegalStateException("could not run `ps` to read the state of pid " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the state of pid " + pid, e);
        }
    }
}
