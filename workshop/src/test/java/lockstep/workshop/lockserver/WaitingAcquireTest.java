package lockstep.workshop.lockserver;

import lockstep.workshop.grading.Timing;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A waiting acquire is answered by the server when the lock frees, with no polling by the client")
class WaitingAcquireTest extends WithAFreshLockServer {

    @Test
    @DisplayName("the waiter gets the lock as soon as the holder releases it")
    void answeredOnRelease() throws Exception {
        Map<String, Object> alpha = server.grant("seat-A1", "Node_Alpha", 5_000);
        CompletableFuture<TestLockServer.Answer> beta = waitFor("seat-A1", "Node_Beta", 60_000);
        awaitWaiting("seat-A1", 1);

        server.post("/v1/locks/seat-A1/release", "{\"holder_token\":\"" + alpha.get("holder_token") + "\"}");

        TestLockServer.Answer answer = beta.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json()).containsEntry("status", "granted").containsEntry("owner", "Node_Beta")
                .containsEntry("fencing_token", 2);
    }

    @Test
    @DisplayName("the waiter gets the lock when the holder's TTL runs out on the server's clock")
    void answeredOnExpiry() throws Exception {
        server.grant("seat-A1", "Node_Alpha", 5_000);
        CompletableFuture<TestLockServer.Answer> beta = waitFor("seat-A1", "Node_Beta", 60_000);
        awaitWaiting("seat-A1", 1);

        server.clock.advance(Duration.ofMillis(4_999));
        assertThat(beta).withFailMessage("Node_Beta was answered while Node_Alpha's lease still had 1 ms left")
                .isNotDone();
        server.clock.advance(Duration.ofMillis(1));

        TestLockServer.Answer answer = beta.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(answer.json()).containsEntry("status", "granted").containsEntry("owner", "Node_Beta")
                .containsEntry("expires_at_ms", server.nowMillis() + 5_000);
    }

    @Test
    @DisplayName("waiters are served first come, first served")
    void firstComeFirstServed() throws Exception {
        Map<String, Object> alpha = server.grant("seat-A1", "Node_Alpha", 5_000);
        CompletableFuture<TestLockServer.Answer> beta = waitFor("seat-A1", "Node_Beta", 60_000);
        awaitWaiting("seat-A1", 1);
        CompletableFuture<TestLockServer.Answer> gamma = waitFor("seat-A1", "Node_Gamma", 60_000);
        awaitWaiting("seat-A1", 2);

        server.post("/v1/locks/seat-A1/release", "{\"holder_token\":\"" + alpha.get("holder_token") + "\"}");
        TestLockServer.Answer second = beta.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(gamma).isNotDone();
        server.post("/v1/locks/seat-A1/release", "{\"holder_token\":\"" + second.field("holder_token") + "\"}");
        TestLockServer.Answer third = gamma.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);

        assertThat(List.of(second.field("owner"), third.field("owner"))).containsExactly("Node_Beta", "Node_Gamma");
    }

    @Test
    @DisplayName("a newcomer that does not wait cannot overtake the queue when the lock expires")
    void newcomerCannotOvertake() throws Exception {
        server.grant("seat-A1", "Node_Alpha", 5_000);
        CompletableFuture<TestLockServer.Answer> beta = waitFor("seat-A1", "Node_Beta", 60_000);
        awaitWaiting("seat-A1", 1);
        server.clock.advance(Duration.ofMillis(5_000));

        TestLockServer.Answer newcomer = server.post("/v1/locks/seat-A1/acquire",
                "{\"owner\":\"Node_Gamma\",\"ttl_ms\":5000}");

        assertThat(newcomer.json()).containsEntry("status", "denied").containsEntry("holder", "Node_Beta");
        assertThat(beta.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS).field("owner"))
                .isEqualTo("Node_Beta");
    }

    @Test
    @DisplayName("a wait that reaches its deadline is answered 409 wait_timed_out")
    void waitTimesOut() throws Exception {
        server.grant("seat-A1", "Node_Alpha", 60_000);
        CompletableFuture<TestLockServer.Answer> beta = waitFor("seat-A1", "Node_Beta", 2_000);
        awaitWaiting("seat-A1", 1);

        server.clock.advance(Duration.ofMillis(2_000));

        TestLockServer.Answer answer = beta.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.json()).containsEntry("status", "denied").containsEntry("reason", "wait_timed_out")
                .containsEntry("holder", "Node_Alpha");
    }

    @Test
    @DisplayName("a waiter whose client went away (Ctrl+C) leaves the queue and is never handed the lock")
    void goneWaiterLeavesTheQueue() throws Exception {
        Map<String, Object> alpha = server.grant("seat-A1", "Node_Alpha", 5_000);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            String body = "{\"owner\":\"Node_Gone\",\"ttl_ms\":60000,\"wait_ms\":60000}";
            OutputStream out = socket.getOutputStream();
            out.write(("POST /v1/locks/seat-A1/acquire HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length()
                    + "\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitWaiting("seat-A1", 1);
        }
        awaitWaiting("seat-A1", 0);

        server.post("/v1/locks/seat-A1/release", "{\"holder_token\":\"" + alpha.get("holder_token") + "\"}");

        assertThat(server.get("/v1/locks").text()).doesNotContain("Node_Gone");
    }

    private CompletableFuture<TestLockServer.Answer> waitFor(String resource, String owner, long waitMillis) {
        return server.postAsync("/v1/locks/" + resource + "/acquire",
                "{\"owner\":\"" + owner + "\",\"ttl_ms\":5000,\"wait_ms\":" + waitMillis + "}");
    }

    /** Waits (in real time, briefly) until the server reports {@code count} waiters on {@code resource}. */
    @SuppressWarnings("unchecked")
    private void awaitWaiting(String resource, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        int seen = -1;
        while (System.nanoTime() < deadline) {
            seen = 0;
            for (Object lock : (List<Object>) server.get("/v1/locks").field("locks")) {
                Map<String, Object> entry = (Map<String, Object>) lock;
                if (entry.get("resource").equals(resource)) {
                    seen = ((Number) entry.get("waiting")).intValue();
                }
            }
            if (seen == count) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("expected " + count + " waiter(s) on " + resource + " within "
                + Timing.forPromptEvent() + ", the server shows " + seen);
    }
}
