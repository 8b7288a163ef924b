package lockstep.workshop.live;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import lockstep.workshop.timeline.PageTemplate;

/**
 * The live view in a browser: serves one self-contained page on this machine only (127.0.0.1), and streams to it
 * each new look at the lab's lock service as it is taken.
 *
 * <ul>
 *   <li>{@code GET /}: the page (its style and script inline; it loads nothing else).</li>
 *   <li>{@code GET /looks}: the looks as Server-Sent Events, one {@code data:} line of JSON each, newest first on
 *       connecting.</li>
 *   <li>{@code GET /snapshot}: the newest look as JSON, for scripts.</li>
 * </ul>
 *
 * <p>Why a stream rather than the page asking every 500 ms: the service is looked at every 500 ms anyway, and a
 * stream hands each look to the page the moment it is taken, so the page is at most one look behind the service
 * instead of two. The browser reconnects a broken stream by itself, so a page left open while {@code visualize --web}
 * is restarted picks up again.
 */
public final class LiveViewServer implements AutoCloseable {

    /** Where {@code visualize --web} serves unless told otherwise: beside the lock server's 14000. */
    public static final int DEFAULT_PORT = 14080;

    /** How often the lock service is looked at: twice a second, as the terminal view redraws. */
    public static final Duration REFRESH = Duration.ofMillis(500);

    /** How long a stream may stay silent before it sends a comment, so that a page can tell a quiet view from a dead one. */
    private static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

    /** How soon a page reconnects after the stream broke. */
    private static final Duration RECONNECT = Duration.ofSeconds(1);

    private static final String PAGE = "live.html";

    private final HttpServer http;
    private final ExecutorService handlers;
    private final NewestLook looks;
    private final byte[] page;

    private LiveViewServer(HttpServer http, ExecutorService handlers, NewestLook looks, byte[] page) {
        this.http = http;
        this.handlers = handlers;
        this.looks = looks;
        this.page = page;
    }

    /**
     * Serves the live view of what {@code reader} sees on 127.0.0.1:{@code port} (0 picks a free port), headed
     * {@code title}. Takes the first look before it returns.
     *
     * @throws java.net.BindException when the port is taken
     */
    public static LiveViewServer start(String title, SnapshotReader<?> reader, int port)
            throws IOException, InterruptedException {
        byte[] page = PageTemplate.read(LiveViewServer.class, PAGE).getBytes(StandardCharsets.UTF_8);
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        AtomicInteger count = new AtomicInteger();
        // A stream holds its thread for as long as its page is open, so each request gets a thread of its own.
        ExecutorService handlers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "live view: request " + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        NewestLook looks;
        try {
            looks = NewestLook.start(title, reader, REFRESH);
        } catch (InterruptedException | RuntimeException e) {
            http.stop(0);
            handlers.shutdownNow();
            throw e;
        }
        LiveViewServer server = new LiveViewServer(http, handlers, looks, page);
        http.setExecutor(handlers);
        http.createContext("/", server::answer);
        http.start();
        return server;
    }

    /** The page's address, for example {@code http://127.0.0.1:14080/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    /** Stops looking, ends every open stream and stops serving. */
    @Override
    public void close() {
        looks.close();
        http.stop(0);
        handlers.shutdownNow();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "GET");
                send(exchange, 405, "text/plain", "Only GET is served here.\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            switch (exchange.getRequestURI().getPath()) {
                case "/" -> send(exchange, 200, "text/html", page);
                case "/snapshot" -> send(exchange, 200, "application/json",
                        looks.newest().json().getBytes(StandardCharsets.UTF_8));
                case "/looks" -> stream(exchange);
                default -> send(exchange, 404, "text/plain",
                        ("Nothing here. The live view is at " + uri() + "\n").getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            exchange.close();
        }
    }

    /** Sends each new look as an event until the page goes away or the view stops. */
    private void stream(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(200, 0);
        OutputStream body = exchange.getResponseBody();
        try {
            write(body, "retry: " + RECONNECT.toMillis() + "\n\n");
            long sent = 0;
            while (!looks.isClosed()) {
                NewestLook.Look look = looks.newerThan(sent, KEEP_ALIVE);
                if (look == null) {
                    write(body, ": still looking\n\n");
                } else {
                    write(body, "id: " + look.number() + "\ndata: " + look.json() + "\n\n");
                    sent = look.number();
                }
            }
        } catch (IOException e) {
            // The page went away (closed or reloaded): nothing to send it any more.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the view is stopping
        }
    }

    private static void write(OutputStream body, String text) throws IOException {
        body.write(text.getBytes(StandardCharsets.UTF_8));
        body.flush();
    }

    private static void send(HttpExchange exchange, int status, String type, byte[] content) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, content.length);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(content);
        }
    }
}
