package lockstep.workshop.lockserver;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lockserver.client.LockServerClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client written for the original workshop's lock server, run unchanged against {@code ./lockstep lock-server} in a
 * process of its own: the same plain requests (a POST with the query string and an empty body, a GET), the same
 * fields read from the answers.
 */
@DisplayName("A client of the original API works unchanged against ./lockstep lock-server")
class OriginalClientTest {

    @TempDir
    Path folder;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Timing.forPromptEvent()).build();

    @Test
    @DisplayName("acquire, renew, deny, status and release answer as the original server did")
    void theOriginalClientsSession() throws Exception {
        try (LockServerProcess server = LockServerProcess.start(folder)) {
            URI base = server.uri();

            assertThat(post(base, "/acquire/seat-A1?owner=Node_Alpha&ttl=5"))
                    .isEqualTo(Map.of("status", "granted", "expires_in", 5));
            assertThat(post(base, "/acquire/seat-A1?owner=Node_Alpha&ttl=5"))
                    .isEqualTo(Map.of("status", "renewed", "expires_in", 5));
            assertThat(post(base, "/acquire/seat-A1?owner=Node_Beta"))
                    .isEqualTo(Map.of("status", "denied", "reason", "locked_by_other", "owner", "Node_Alpha"));

            Map<String, Object> status = get(base, "/status");
            assertThat(status).containsOnlyKeys("seat-A1");
            @SuppressWarnings("unchecked")
            Map<String, Object> seatA1 = (Map<String, Object>) status.get("seat-A1");
            assertThat(seatA1.get("owner")).isEqualTo("Node_Alpha");
            double expires = ((Number) seatA1.get("expires")).doubleValue();
            assertThat(expires).as("Unix seconds, about 5 s from now")
                    .isBetween(System.currentTimeMillis() / 1000.0, System.currentTimeMillis() / 1000.0 + 6);

            assertThat(post(base, "/release/seat-A1?owner=Node_Beta")).isEqualTo(Map.of("status", "not_held"));
            assertThat(post(base, "/release/seat-A1?owner=Node_Alpha")).isEqualTo(Map.of("status", "released"));
            assertThat(get(base, "/status")).isEmpty();
        }
    }

    @Test
    @DisplayName("with --strict the original API is refused, and the holder-token API still works")
    void strictTurnsItOff() throws Exception {
        try (LockServerProcess server = LockServerProcess.start(folder, "--strict");
             LockServerClient client = LockServerClient.connect(server.uri())) {
            HttpResponse<String> refused = send(HttpRequest.newBuilder(server.uri().resolve(
                    "/acquire/seat-A1?owner=Node_Alpha")).POST(HttpRequest.BodyPublishers.noBody()));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("original_api_disabled");
            assertThat(client.acquire("seat-A1", "Node_Alpha", java.time.Duration.ofSeconds(5)).isGranted()).isTrue();
        }
    }

    private Map<String, Object> post(URI base, String target) throws Exception {
        return json(send(HttpRequest.newBuilder(base.resolve(target)).POST(HttpRequest.BodyPublishers.noBody())));
    }

    private Map<String, Object> get(URI base, String target) throws Exception {
        return json(send(HttpRequest.newBuilder(base.resolve(target)).GET()));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Timing.forPromptEvent()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as("the original API always answers 200: %s", response.body())
                .isEqualTo(200);
        return JSON.std.mapFrom(response.body());
    }
}
