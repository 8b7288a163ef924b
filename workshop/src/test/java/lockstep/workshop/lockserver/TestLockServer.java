package lockstep.workshop.lockserver;

import lockstep.workshop.grading.Timing;
import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import lockstep.workshop.lockserver.table.ManualLockClock;

/**
 * A lock server for one test: a fresh data folder, a {@link ManualLockClock}, a free port, and a plain HTTP client
 * (the JDK's, not ours) to talk to it the way any client written for the API would.
 */
final class TestLockServer implements AutoCloseable {

    /** The manual clock starts here, so expiries in answers are easy to check by eye. */
    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    /** A status code, the body as text, and the body as JSON (when it is an object). */
    record Answer(int status, String text, Map<String, Object> json) {
        Object field(String name) {
            return json.get(name);
        }
    }

    final ManualLockClock clock;
    final Path folder;
    private final LockServerConfig config;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Timing.forPromptEvent()).build();
    private LockServer server;

    private TestLockServer(ManualLockClock clock, Path folder, LockServerConfig config) throws IOException {
        this.clock = clock;
        this.folder = folder;
        this.config = config;
        this.server = LockServer.start(config);
    }

    static TestLockServer start(Path folder) throws IOException {
        return start(folder, config -> config);
    }

    static TestLockServer start(Path folder, UnaryOperator<LockServerConfig> tweak) throws IOException {
        ManualLockClock clock = new ManualLockClock(START);
        return new TestLockServer(clock, folder,
                tweak.apply(LockServerConfig.defaults(folder).withPort(0).withClock(clock)));
    }

    LockServer server() {
        return server;
    }

    URI uri() {
        return server.uri();
    }

    int port() {
        return server.port();
    }

    long nowMillis() {
        return clock.currentTimeMillis();
    }

    /** Closes the server and starts a new one on the same data folder and clock (on a new free port). */
    void restart() throws IOException {
        server.close();
        server = LockServer.start(config);
    }

    Answer post(String target) {
        return post(target, "");
    }

    Answer post(String target, String json) {
        return postAsync(target, json).join();
    }

    CompletableFuture<Answer> postAsync(String target, String json) {
        HttpRequest request = HttpRequest.newBuilder(uri().resolve(target)).timeout(Timing.forPromptEvent())
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(TestLockServer::answer);
    }

    Answer get(String target) {
        HttpRequest request = HttpRequest.newBuilder(uri().resolve(target)).timeout(Timing.forPromptEvent()).GET().build();
        try {
            return answer(http.send(request, HttpResponse.BodyHandlers.ofString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Acquires {@code resource} through the holder-token API and returns the grant's JSON; fails if not granted. */
    Map<String, Object> grant(String resource, String owner, long ttlMillis) {
        Answer answer = post("/v1/locks/" + resource + "/acquire",
                "{\"owner\":\"" + owner + "\",\"ttl_ms\":" + ttlMillis + "}");
        if (answer.status() != 200) {
            throw new AssertionError(owner + " expected to be granted " + resource + ", got " + answer.text());
        }
        return answer.json();
    }

    @Override
    public void close() {
        server.close();
    }

    private static Answer answer(HttpResponse<String> response) {
        Map<String, Object> json;
        try {
            Object parsed = JSON.std.anyFrom(response.body());
            @SuppressWarnings("unchecked")
            Map<String, Object> object = parsed instanceof Map ? (Map<String, Object>) parsed : Map.of();
            json = object;
        } catch (IOException notJson) {
            json = Map.of();
        }
        return new Answer(response.statusCode(), response.body(), json);
    }
}
