package lockstep.workshop.lockserver;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.Timing;

/**
 * {@code lockstep lock-server --port 0 --data FOLDER} in a JVM of its own, started the way a learner starts it, for
 * tests that need a real server process: to kill it with SIGKILL, or to talk to it exactly as an outside client does.
 */
final class LockServerProcess implements AutoCloseable {

    private final Process process;
    private final URI uri;

    private LockServerProcess(Process process, URI uri) {
        this.process = process;
        this.uri = uri;
    }

    /** Starts the server on a free port with its log in {@code folder}, plus {@code options} such as --strict. */
    static LockServerProcess start(Path folder, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "lockstep.workshop.cli.Lockstep",
                "lock-server", "--port", "0", "--data", folder.toString()));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectError(folder.resolveSibling(folder.getFileName() + "-server.err").toFile());
        Process process = builder.start();
        try {
            return new LockServerProcess(process, awaitUrl(process));
        } catch (Exception e) {
            process.destroyForcibly();
            throw e;
        }
    }

    URI uri() {
        return uri;
    }

    /** Sends SIGKILL and waits for the process to be gone; returns its exit status (137 after SIGKILL). */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the lock server process survived SIGKILL");
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** Reads the server's output until it prints the URL it listens on; keeps draining it afterwards. */
    private static URI awaitUrl(Process process) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<URI> url = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("Lock server listening on ")) {
                        String rest = line.substring("Lock server listening on ".length());
                        return URI.create(rest.split("[ ,]", 2)[0]);
                    }
                }
                throw new IllegalStateException("the server process ended without printing its URL");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        URI uri = url.get(Timing.processStart().toMillis(), TimeUnit.MILLISECONDS);
        // Keep reading its output so the process never blocks on a full pipe.
        Thread drain = new Thread(() -> out.lines().forEach(line -> { }), "drain-lock-server-output");
        drain.setDaemon(true);
        drain.start();
        return uri;
    }
}
