package lockstep.workshop.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lockserver.client.LockServerClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The live view's web server")
class LiveViewServerTest {

    private static final String TITLE = "Lab 02 · The TTL lock server";

    private final HttpClient http = HttpClient.newHttpClient();
    private GraderLockServer lockServer;
    private LockServerReader reader;
    private LiveViewServer view;

    @BeforeEach
    void startLockServerAndView() throws Exception {
        lockServer = GraderLockServer.withRealClock();
        reader = new LockServerReader(URI.create(lockServer.services().requireLockServer()));
        view = LiveViewServer.start(TITLE, reader, 0);
    }

    @AfterEach
    void stopThem() {
        view.close();
        reader.close();
        lockServer.close();
    }

    @Test
    @DisplayName("serves one self-contained page on 127.0.0.1: its style and script inline, nothing loaded from elsewhere")
    void servesASelfContainedPage() throws Exception {
        HttpResponse<String> page = get("/");

        assertThat(view.uri().toString()).matches("http://127\\.0\\.0\\.1:\\d+/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
        assertThat(page.body()).contains("<style>", "new EventSource('looks')")
                .as("the page fetches nothing but its own stream: no file, font or script from anywhere")
                .doesNotContain("src=", "http://", "https://", "@import", "url(")
                .containsOnlyOnce("href=").contains("<link rel=\"icon\" href=\"data:,\">");
    }

    @Test
    @DisplayName("gives the newest look as JSON, with the lab's title, the look's number and the lock's holder")
    void givesTheNewestLookAsJson() throws Exception {
        try (LockServerClient client = LockServerClient.connect(URI.create(lockServer.services().requireLockServer()))) {
            client.acquire("seat-C3", "Node_Delta", Duration.ofSeconds(30));

            Map<String, Object> look = awaitLook(json -> json.toString().contains("holder=Node_Delta"),
                    "a look that shows Node_Delta holding seat-C3");

            assertThat(look).containsEntry("title", TITLE).containsEntry("everyMs", 500).containsEntry("problem", "");
            assertThat(((Number) look.get("look")).longValue()).isPositive();
            assertThat(look.get("locks")).asList().singleElement().asString()
                    .contains("name=seat-C3", "holder=Node_Delta", "label=fencing token");
        }
    }

    @Test
    @DisplayName("streams each look as it is taken, numbered in order, as Server-Sent Events")
    void streamsEachLook() {
        List<String> events = assertTimeoutPreemptively(Timing.forLiveView(), () -> {
            try (Stream<String> lines = http.send(request("/looks"), HttpResponse.BodyHandlers.ofLines()).body()) {
                return firstEvents(lines.iterator(), 2);
            }
        });

        assertThat(events).hasSize(2);
        long first = Long.parseLong(events.get(0).lines().findFirst().orElseThrow().substring("id: ".length()));
        long second = Long.parseLong(events.get(1).lines().findFirst().orElseThrow().substring("id: ".length()));
        assertThat(second).as("the number of the look after look %d", first).isGreaterThan(first);
        assertThat(events.get(1)).contains("\ndata: {\"title\":\"" + TITLE + "\",\"look\":" + second + ",");
    }

    @Test
    @DisplayName("ends every open stream when it stops, so that no page waits on a view that is gone")
    void endsStreamsWhenItStops() {
        assertTimeoutPreemptively(Timing.forLiveView(), () -> {
            try (Stream<String> lines = http.send(request("/looks"), HttpResponse.BodyHandlers.ofLines()).body()) {
                Iterator<String> stream = lines.iterator();
                assertThat(firstEvents(stream, 1)).hasSize(1);

                view.close();

                while (stream.hasNext()) {
                    stream.next(); // whatever was sent before it stopped
                }
            } catch (java.io.UncheckedIOException e) {
                // a stream cut off by the stop, rather than ended: just as good
            }
        });
    }

    @Test
    @DisplayName("answers 404 for any other path, and 405 for anything but GET")
    void refusesWhatItDoesNotServe() throws Exception {
        HttpResponse<String> nothing = get("/favicon.ico");
        HttpResponse<String> post = http.send(HttpRequest.newBuilder(view.uri().resolve("/snapshot"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(nothing.body()).contains("The live view is at " + view.uri());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
    }

    @Test
    @DisplayName("cannot start on a port that is taken, and says so with a BindException")
    void portTaken() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThatThrownBy(() -> LiveViewServer.start(TITLE, reader, taken.getLocalPort()))
                    .isInstanceOf(BindException.class);
        }
    }

    /** The first {@code count} events of a stream, each as its lines joined ({@code id: N\ndata: {...}}). */
    private static List<String> firstEvents(Iterator<String> lines, int count) {
        List<String> events = new ArrayList<>();
        StringBuilder event = new StringBuilder();
        while (events.size() < count && lines.hasNext()) {
            String line = lines.next();
            if (line.isEmpty()) {
                if (event.indexOf("id: ") == 0) {
                    events.add(event.toString());
                }
                event.setLength(0);
            } else {
                event.append(event.length() == 0 ? "" : "\n").append(line);
            }
        }
        return events;
    }

    private Map<String, Object> awaitLook(java.util.function.Predicate<Map<String, Object>> wanted, String what)
            throws Exception {
        long deadline = System.nanoTime() + Timing.forLiveView().toNanos();
        while (true) {
            Map<String, Object> look = JSON.std.mapFrom(get("/snapshot").body());
            if (wanted.test(look)) {
                return look;
            }
            assertThat(System.nanoTime()).withFailMessage("No look showed %s within %s; the last was %s", what,
                    Timing.forLiveView(), look).isLessThan(deadline);
            Thread.sleep(20); // how often to ask again, not a wait for anything
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(request(path), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(view.uri().resolve(path)).build();
    }
}
