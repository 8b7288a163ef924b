package lockstep.workshop.lockserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lockserver.api.HolderTokenApi;
import lockstep.workshop.lockserver.api.OriginalApi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import static org.assertj.core.api.Assertions.assertThat;


@DisplayName("Bad input gets a 4xx with a JSON error that says what was wrong, and the server keeps serving")
class BadInputTest {

    @TempDir
    Path folder;
    TestLockServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestLockServer.start(folder, config -> config.withMaxLocks(3)
                .withRequestTimeout(Timing.shortRequestTimeout()));
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Nested
    @DisplayName("in the original API")
    class OriginalApi {

        @ParameterizedTest(name = "{0} -> {1} {2}")
        @CsvSource(delimiter = '|', value = {
            "/acquire/seat-A1                               | 400 | missing_owner | owner=Node_Alpha",
            "/acquire/seat-A1?owner=                        | 400 | bad_owner     | blank",
            "/acquire/seat-A1?owner=%01x                    | 400 | bad_owner     | U+0001",
            "/acquire/seat-A1?owner=Node_Alpha&ttl=-1       | 400 | bad_ttl       | '-1'",
            "/acquire/seat-A1?owner=Node_Alpha&ttl=0        | 400 | bad_ttl       | at least 0.001",
            "/acquire/seat-A1?owner=Node_Alpha&ttl=0.0001   | 400 | bad_ttl       | at least 0.001",
            "/acquire/seat-A1?owner=Node_Alpha&ttl=99999999 | 400 | bad_ttl       | at most 3600",
            "/acquire/seat-A1?owner=Node_Alpha&ttl=1e-999999999 | 400 | bad_ttl   | at least 0.001",
            "/acquire/seat-A1?owner=Node_Alpha&ttl=soon     | 400 | bad_ttl       | number of seconds",
            "/acquire/seat-A1?owner=Node_Alpha&ttl=NaN      | 400 | bad_ttl       | number of seconds",
            "/release/seat-A1                               | 400 | missing_owner | owner=Node_Alpha",
            "/acquire/seat%01?owner=Node_Alpha              | 400 | bad_resource  | U+0001",
            "/acquire/seat%20A1?owner=Node_Alpha            | 400 | bad_resource  | a space",
            "/acquire/?owner=Node_Alpha                     | 400 | bad_resource  | empty",
        })
        @DisplayName("each bad parameter is named in the error")
        void badParameters(String target, int status, String error, String detailMentions) {
            TestLockServer.Answer answer = server.post(target);

            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.json()).containsOnlyKeys("error", "detail").containsEntry("error", error);
            assertThat((String) answer.field("detail")).contains(detailMentions);
        }

        @Test
        @DisplayName("a resource name longer than 128 characters is refused with its length")
        void resourceTooLong() {
            TestLockServer.Answer answer = server.post("/acquire/" + "x".repeat(129) + "?owner=Node_Alpha");

            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.json()).containsEntry("error", "bad_resource");
            assertThat((String) answer.field("detail")).contains("129 characters", "limit is 128");
        }
    }

    @Nested
    @DisplayName("in the holder-token API")
    class HolderTokenApi {

        @ParameterizedTest(name = "{0} {1} -> {3}")
        @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "acquire | {\"ttl_ms\":5000}                                 | 400 | missing_owner     | owner",
            "acquire | {\"owner\":\"a\"}                                 | 400 | missing_ttl_ms    | ttl_ms",
            "acquire | {\"owner\":\"a\",\"ttl_ms\":0}                    | 400 | bad_ttl_ms        | between 1 and 3600000",
            "acquire | {\"owner\":\"a\",\"ttl_ms\":-5}                   | 400 | bad_ttl_ms        | got -5",
            "acquire | {\"owner\":\"a\",\"ttl_ms\":99999999999999999999} | 400 | bad_ttl_ms        | between 1 and",
            "acquire | {\"owner\":\"a\",\"ttl_ms\":1.5}                  | 400 | bad_ttl_ms        | whole number",
            "acquire | {\"owner\":\"a\",\"ttl_ms\":\"5000\"}             | 400 | bad_ttl_ms        | whole number",
            "acquire | {\"owner\":\"a\",\"ttl_ms\":5000,\"wait_ms\":-1}  | 400 | bad_wait_ms       | between 0 and",
            "acquire | {\"owner\":7,\"ttl_ms\":5000}                      | 400 | bad_owner         | JSON string",
            "acquire | {\"owner\":\"a\",\"ttl\":5000}                    | 400 | unknown_field     | 'ttl'",
            "acquire | {\"owner\":\"a\",                                 | 400 | malformed_json    | not valid JSON",
            "acquire | [1,2]                                             | 400 | malformed_json    | must be a JSON object",
            "acquire | ``                                                | 400 | malformed_json    | empty",
            "renew   | {\"ttl_ms\":5000}                                 | 400 | missing_holder_token | holder_token",
            "release | {\"holder_token\":\"abc\"}                        | 400 | bad_holder_token  | 32 hex digits",
            "expire  | {\"owner\":\"a\"}                                 | 400 | missing_ttl_ms    | ttl_ms",
        })
        @DisplayName("each bad field is named in the error")
        void badFields(String action, String body, int status, String error, String detailMentions) {
            TestLockServer.Answer answer = server.post("/v1/locks/seat-A1/" + action, body);

            assertThat(answer.status()).isEqualTo(status);
            assertThat(answer.json()).containsOnlyKeys("error", "detail").containsEntry("error", error);
            assertThat((String) answer.field("detail")).contains(detailMentions);
        }
    }

    @Nested
    @DisplayName("at the HTTP level")
    class Http {

        @Test
        @DisplayName("an unknown path is 404 and points to GET /")
        void unknownPath() {
            TestLockServer.Answer answer = server.get("/v1/lockz");

            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.json()).containsEntry("error", "not_found");
            assertThat((String) answer.field("detail")).contains("'/v1/lockz'", "GET /");
        }

        @Test
        @DisplayName("a wrong method is 405 with an Allow header")
        void wrongMethod() throws IOException {
            String answer = exchange("GET /v1/locks/seat-A1/acquire HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 405 ").contains("Allow: POST\r\n", "\"error\":\"method_not_allowed\"");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "a request line that is not HTTP | HELLO\\r\\n\\r\\n | 400 | malformed_request",
            "an HTTP version it does not speak | GET /status HTTP/2.0\\r\\n\\r\\n | 505 | http_version_not_supported",
            "a header line without a colon | GET /status HTTP/1.1\\r\\nNonsense\\r\\n\\r\\n | 400 | malformed_request",
            "a body larger than 16 KiB | POST /v1/locks/a/acquire HTTP/1.1\\r\\nContent-Length: 20000\\r\\n\\r\\n | 413 | body_too_large",
            "a chunked body | POST /v1/locks/a/acquire HTTP/1.1\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n | 411 | length_required",
            "a bad percent-encoding | POST /acquire/seat%zz?owner=Node_Alpha HTTP/1.1\\r\\n\\r\\n | 400 | malformed_request",
            "a Content-Length that is not a number | POST /v1/locks/a/acquire HTTP/1.1\\r\\nContent-Length: ten\\r\\n\\r\\n | 400 | malformed_request",
        })
        @DisplayName("a malformed request gets a JSON error and the connection is closed")
        void malformedRequests(String what, String request, int status, String error) throws IOException {
            String answer = exchange(request.replace("\\r\\n", "\r\n"));

            assertThat(answer).startsWith("HTTP/1.1 " + status + " ").contains("Connection: close",
                    "{\"error\":\"" + error + "\",\"detail\":\"");
        }

        @Test
        @DisplayName("headers larger than 8 KiB get 431")
        void headersTooLarge() throws IOException {
            String answer = exchange("GET /status HTTP/1.1\r\nX-Padding: " + "p".repeat(9_000) + "\r\n\r\n");

            assertThat(answer).startsWith("HTTP/1.1 431 ").contains("\"error\":\"headers_too_large\"");
        }

        @Test
        @DisplayName("a body that never ends gets 408 after the request timeout, while others are served meanwhile")
        void bodyThatNeverEnds() throws Exception {
            try (Socket slow = new Socket("127.0.0.1", server.port())) {
                slow.setSoTimeout((int) Timing.forPromptEvent().toMillis());
                OutputStream out = slow.getOutputStream();
                out.write(("POST /v1/locks/seat-A1/acquire HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"owner\":")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();

                assertThat(server.grant("seat-B2", "Node_Beta", 5_000)).containsEntry("status", "granted");
                String answer = readAll(slow.getInputStream());

                assertThat(answer).startsWith("HTTP/1.1 408 ").contains("\"error\":\"request_timeout\"",
                        "Content-Length");
            }
        }

        @Test
        @DisplayName("a slowloris client that sends its headers a byte at a time gets 408 despite never pausing long")
        void slowloris() throws Exception {
            try (Socket slow = new Socket("127.0.0.1", server.port())) {
                slow.setSoTimeout((int) Timing.forPromptEvent().toMillis());
                OutputStream out = slow.getOutputStream();
                CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return readAll(slow.getInputStream());
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                long dripUntil = System.nanoTime() + Timing.forPromptEvent().toNanos();
                byte[] request = "GET /status HTTP/1.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII);
                int sent = 0;
                while (!answer.isDone() && System.nanoTime() < dripUntil) {
                    try {
                        out.write(sent < request.length ? request[sent++] : 'z');
                        out.flush();
                    } catch (IOException closedByServer) {
                        break;
                    }
                    Thread.sleep(20);
                }

                assertThat(answer.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS))
                        .startsWith("HTTP/1.1 408 ").contains("\"error\":\"request_timeout\"");
                assertThat(server.get("/v1/health").field("status")).isEqualTo("ok");
            }
        }

        @Test
        @DisplayName("a keep-alive connection left idle is closed after the idle timeout, without an answer")
        void idleConnectionIsClosed() throws IOException {
            try (TestLockServer idleServer = TestLockServer.start(folder.resolve("idle"),
                    config -> config.withIdleTimeout(Timing.shortRequestTimeout()));
                 Socket idle = new Socket("127.0.0.1", idleServer.port())) {
                idle.setSoTimeout((int) Timing.forPromptEvent().toMillis());

                assertThat(idle.getInputStream().read()).as("end of stream from the server").isEqualTo(-1);
                assertThat(idleServer.get("/v1/health").field("status")).isEqualTo("ok");
            }
        }

        @Test
        @DisplayName("a connection over the connection limit gets 503 too_many_connections, and the others are served")
        void tooManyConnections() throws IOException {
            try (TestLockServer small = TestLockServer.start(folder.resolve("small"),
                    config -> config.withMaxConnections(1));
                 Socket first = new Socket("127.0.0.1", small.port());
                 Socket second = new Socket("127.0.0.1", small.port())) {
                first.setSoTimeout((int) Timing.forPromptEvent().toMillis());
                second.setSoTimeout((int) Timing.forPromptEvent().toMillis());
                first.getOutputStream().write("GET /v1/health HTTP/1.1\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));

                assertThat(readAll(second.getInputStream())).startsWith("HTTP/1.1 503 ")
                        .contains("Connection: close", "\"error\":\"too_many_connections\"", "1 connections");
                assertThat(readAll(first.getInputStream())).startsWith("HTTP/1.1 200 ").contains("\"status\":\"ok\"");
            }
        }

        @Test
        @DisplayName("a client that asks before sending its body (Expect: 100-continue, as curl does) is told to go on")
        void expectContinue() throws IOException {
            String body = "{\"owner\":\"Node_Alpha\",\"ttl_ms\":5000}";
            try (Socket socket = new Socket("127.0.0.1", server.port())) {
                socket.setSoTimeout((int) Timing.forPromptEvent().toMillis());
                OutputStream out = socket.getOutputStream();
                out.write(("POST /v1/locks/seat-A1/acquire HTTP/1.1\r\nContent-Length: " + body.length()
                        + "\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                byte[] interim = socket.getInputStream().readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());

                assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
                out.write(body.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(readAll(socket.getInputStream())).startsWith("HTTP/1.1 200 ")
                        .contains("\"status\":\"granted\"");
            }
        }

        @Test
        @DisplayName("the lock limit answers 429 too_many_locks, and frees up when locks are released")
        void tooManyLocks() {
            server.grant("seat-1", "Node_Alpha", 5_000);
            server.grant("seat-2", "Node_Alpha", 5_000);
            java.util.Map<String, Object> third = server.grant("seat-3", "Node_Alpha", 5_000);

            TestLockServer.Answer holderTokenApi = server.post("/v1/locks/seat-4/acquire",
                    "{\"owner\":\"Node_Alpha\",\"ttl_ms\":5000}");
            TestLockServer.Answer originalApi = server.post("/acquire/seat-4?owner=Node_Alpha");

            assertThat(holderTokenApi.status()).isEqualTo(429);
            assertThat(holderTokenApi.json()).containsEntry("error", "too_many_locks");
            assertThat((String) holderTokenApi.field("detail")).contains("3 locks");
            assertThat(originalApi.status()).isEqualTo(429);
            server.post("/v1/locks/seat-3/release", "{\"holder_token\":\"" + third.get("holder_token") + "\"}");
            assertThat(server.grant("seat-4", "Node_Alpha", 5_000)).containsEntry("status", "granted");
        }

        @Test
        @DisplayName("after a bad request on a keep-alive connection the next good request is served normally")
        void keepAliveSurvivesValidationErrors() throws IOException {
            String answer = exchange("POST /acquire/seat-A1 HTTP/1.1\r\nContent-Length: 0\r\n\r\n"
                    + "POST /acquire/seat-A1?owner=Node_Alpha HTTP/1.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");

            assertThat(answer).contains("HTTP/1.1 400 ", "\"error\":\"missing_owner\"", "HTTP/1.1 200 ",
                    "{\"status\":\"granted\",\"expires_in\":5}");
        }
    }

    /** Sends raw bytes on a new connection and reads everything until the server closes it. */
    private String exchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout((int) Timing.forPromptEvent().toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return readAll(socket.getInputStream());
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        try {
            for (int read = in.read(chunk); read >= 0; read = in.read(chunk)) {
                bytes.write(chunk, 0, read);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed the connection; got so far: "
                    + bytes.toString(StandardCharsets.UTF_8), e);
        } catch (IOException resetAfterAnswer) {
            // The server may reset a connection it closed while we were still sending; what it said is enough.
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
