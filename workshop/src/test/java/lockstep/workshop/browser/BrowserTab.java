package lockstep.workshop.browser;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import lockstep.workshop.grading.Timing;

/**
 * One page kept open in headless Chromium, driven over the DevTools protocol (JSON messages on a WebSocket, spoken
 * with the JDK's own client): for a page that changes while it is open, which a DOM dump at load time cannot follow.
 * The tab keeps every error the page logs: an uncaught exception, a {@code console.error}, a resource that failed to
 * load.
 *
 * <pre>{@code
 * try (BrowserTab tab = chromium.open(url)) {
 *     tab.awaitTrue("document.querySelector('.lock') !== null", "a lock card is drawn");
 *     assertThat(tab.errors()).isEmpty();
 * }
 * }</pre>
 */
public final class BrowserTab implements AutoCloseable {

    /** How often a wait asks the page again. */
    private static final Duration ASK_EVERY = Duration.ofMillis(20);

    private final Process chromium;
    private final Path profile;
    private final AtomicLong lastId = new AtomicLong();
    private final Map<Long, CompletableFuture<Map<String, Object>>> answers = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private WebSocket socket;
    /** How long the browser may take to answer, or the page to show what is awaited: longer while the browser starts. */
    private volatile Duration patience = Timing.processStart();

    private BrowserTab(Process chromium, Path profile) {
        this.chromium = chromium;
        this.profile = profile;
    }

    /** Starts Chromium with {@code command} (which opens about:blank with a DevTools port), then opens {@code url}. */
    static BrowserTab open(List<String> command, Path profile, String url) throws IOException, InterruptedException {
        Process chromium = new ProcessBuilder(command).redirectOutput(profile.resolve("stdout.txt").toFile())
                .redirectError(profile.resolve("stderr.txt").toFile()).start();
        chromium.getOutputStream().close();
        BrowserTab tab = new BrowserTab(chromium, profile);
        try {
            tab.connect(tab.pageDebuggerUrl());
            tab.call("Runtime.enable", Map.of());
            tab.call("Log.enable", Map.of());
            tab.call("Page.enable", Map.of());
            tab.call("Page.navigate", Map.of("url", url));
            tab.awaitTrue("location.href === " + JSON.std.asString(url) + " && document.readyState === 'complete'",
                    "the page " + url + " has loaded");
            tab.patience = Timing.forLiveView();
            return tab;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            tab.close();
            throw e;
        }
    }

    /** The value of a JavaScript expression on the page, as text ({@code "true"}, {@code "3"}, {@code "null"}). */
    public String evaluate(String expression) {
        Map<String, Object> answer = call("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true));
        if (answer.get("exceptionDetails") != null) {
            throw new IllegalStateException("the page could not evaluate " + expression + ": "
                    + answer.get("exceptionDetails"));
        }
        return String.valueOf(((Map<?, ?>) answer.get("result")).get("value"));
    }

    /**
     * Waits until the JavaScript {@code condition} holds on the page, at most {@link Timing#forLiveView()}; fails
     * with {@code what} and the page's text when it never does.
     */
    public void awaitTrue(String condition, String what) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (!"true".equals(evaluate("Boolean(" + condition + ")"))) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Waited " + patience.toSeconds() + " s in vain for this: "
                        + what + ". The page shows:\n" + evaluate("document.body.innerText")
                        + (errors.isEmpty() ? "" : "\nIt logged these errors: " + errors));
            }
            try {
                Thread.sleep(ASK_EVERY.toMillis()); // how often to ask again, not a wait for anything
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for this: " + what, e);
            }
        }
    }

    /** Every error the page logged since it was opened, one line each. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    /** Saves what the page looks like now as a PNG. */
    public void screenshot(Path png) throws IOException {
        Map<String, Object> answer = call("Page.captureScreenshot", Map.of("format", "png"));
        Files.createDirectories(png.toAbsolutePath().getParent());
        Files.write(png, Base64.getDecoder().decode((String) answer.get("data")));
    }

    /** Closes the page and its browser. */
    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        chromium.destroy();
        try {
            if (!chromium.waitFor(Timing.forLiveView().toMillis(), TimeUnit.MILLISECONDS)) {
                chromium.destroyForcibly();
            }
        } catch (InterruptedException e) {
            chromium.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        HeadlessChromium.deleteQuietly(profile);
    }

    /**
     * The DevTools address of the browser's page, once Chromium has written its port into the profile
     * ({@code DevToolsActivePort}, as it does for {@code --remote-debugging-port=0}) and opened the page.
     */
    private URI pageDebuggerUrl() throws IOException, InterruptedException {
        Path portFile = profile.resolve("profile").resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + Timing.processStart().toNanos();
        HttpClient http = HttpClient.newHttpClient();
        while (System.nanoTime() < deadline) {
            if (!chromium.isAlive()) {
                throw new IOException("Chromium exited with " + chromium.exitValue() + " before it opened the page: "
                        + Files.readString(profile.resolve("stderr.txt"), StandardCharsets.UTF_8));
            }
            List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
            if (!lines.isEmpty() && !lines.get(0).isBlank()) {
                String targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + lines.get(0).trim()
                        + "/json/list")).build(), HttpResponse.BodyHandlers.ofString()).body();
                for (Object target : JSON.std.listFrom(targets)) {
                    Map<?, ?> described = (Map<?, ?>) target;
                    if ("page".equals(described.get("type"))) {
                        return URI.create((String) described.get("webSocketDebuggerUrl"));
                    }
                }
            }
            Thread.sleep(ASK_EVERY.toMillis()); // how often to look again for the port and the page
        }
        throw new IOException("Chromium opened no page with a DevTools port within " + Timing.processStart());
    }

    private void connect(URI debugger) throws InterruptedException, IOException {
        try {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(debugger, new Messages())
                    .get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not open the DevTools socket " + debugger, e);
        }
    }

    /** Sends one DevTools command and returns its result. */
    private Map<String, Object> call(String method, Map<String, Object> params) {
        long id = lastId.incrementAndGet();
        CompletableFuture<Map<String, Object>> answer = new CompletableFuture<>();
        answers.put(id, answer);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("id", id);
        message.put("method", method);
        message.put("params", params);
        try {
            synchronized (this) { // a WebSocket sends one message at a time
                socket.sendText(JSON.std.asString(message), true).get(patience.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            Map<String, Object> reply = answer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            if (reply.get("error") != null) {
                throw new IllegalStateException("Chromium refused " + method + ": " + reply.get("error"));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) reply.get("result");
            return result;
        } catch (IOException | ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Chromium did not answer " + method + " within "
                    + patience, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Chromium to answer " + method, e);
        } finally {
            answers.remove(id);
        }
    }

    /** Hands each answer to the command that waits for it, and keeps the page's errors. */
    private final class Messages implements WebSocket.Listener {

        private final StringBuilder message = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence part, boolean last) {
            message.append(part);
            if (last) {
                received(message.toString());
                message.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        private void received(String text) {
            Map<String, Object> json;
            try {
                json = JSON.std.mapFrom(text);
            } catch (IOException e) {
                errors.add("Chromium sent a message that is not JSON: " + text);
                return;
            }
            if (json.get("id") instanceof Number id) {
                CompletableFuture<Map<String, Object>> answer = answers.get(id.longValue());
                if (answer != null) {
                    answer.complete(json);
                }
                return;
            }
            Map<?, ?> params = json.get("params") instanceof Map<?, ?> map ? map : Map.of();
            switch (String.valueOf(json.get("method"))) {
                case "Runtime.exceptionThrown" -> errors.add("uncaught: " + describe(params.get("exceptionDetails")));
                case "Runtime.consoleAPICalled" -> {
                    if ("error".equals(params.get("type")) || "assert".equals(params.get("type"))) {
                        errors.add("console." + params.get("type") + ": " + describe(params.get("args")));
                    }
                }
                case "Log.entryAdded" -> {
                    Map<?, ?> entry = (Map<?, ?>) params.get("entry");
                    if ("error".equals(entry.get("level"))) {
                        errors.add(entry.get("source") + ": " + entry.get("text") + " " + entry.get("url"));
                    }
                }
                default -> {
                    // other events say nothing about errors
                }
            }
        }

        private String describe(Object detail) {
            if (detail instanceof Map<?, ?> map) {
                List<String> parts = new ArrayList<>();
                for (String key : List.of("text", "value", "description")) {
                    if (map.get(key) != null) {
                        parts.add(String.valueOf(map.get(key)));
                    }
                }
                if (map.get("exception") != null) {
                    parts.add(describe(map.get("exception")));
                }
                return String.join(" ", parts);
            }
            if (detail instanceof List<?> list) {
                return String.join(" ", list.stream().map(this::describe).toList());
            }
            return String.valueOf(detail);
        }
    }
}
