package lockstep.workshop.lockserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The original workshop API is served unchanged")
class OriginalApiTest extends WithAFreshLockServer {

    @Nested
    @DisplayName("POST /acquire/{resource}")
    class Acquire {

        @Test
        @DisplayName("grants a free lock with the TTL as an integer number of seconds, 5 by default")
        void grantsAFreeLock() {
            TestLockServer.Answer answer = server.post("/acquire/seat-A1?owner=Node_Alpha");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo("{\"status\":\"granted\",\"expires_in\":5}");
        }

        @Test
        @DisplayName("echoes the TTL it was given")
        void echoesTheTtl() {
            assertThat(server.post("/acquire/seat-A1?owner=Node_Alpha&ttl=30").text())
                    .isEqualTo("{\"status\":\"granted\",\"expires_in\":30}");
            assertThat(server.post("/acquire/seat-B1?owner=Node_Alpha&ttl=2.5").text())
                    .isEqualTo("{\"status\":\"granted\",\"expires_in\":2.5}");
        }

        @Test
        @DisplayName("renews the lock when the same owner asks again")
        void renewsForTheSameOwner() {
            server.post("/acquire/seat-A1?owner=Node_Alpha&ttl=5");
            server.clock.advance(Duration.ofSeconds(4));

            TestLockServer.Answer answer = server.post("/acquire/seat-A1?owner=Node_Alpha&ttl=5");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text()).isEqualTo("{\"status\":\"renewed\",\"expires_in\":5}");
            assertThat(expiresOf("seat-A1")).isEqualTo(seconds(server.nowMillis() + 5_000));
        }

        @Test
        @DisplayName("denies another owner while the lock is live, naming the holder")
        void deniesAnotherOwner() {
            server.post("/acquire/seat-A1?owner=Node_Alpha");

            TestLockServer.Answer answer = server.post("/acquire/seat-A1?owner=Node_Beta");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.text())
                    .isEqualTo("{\"status\":\"denied\",\"reason\":\"locked_by_other\",\"owner\":\"Node_Alpha\"}");
        }

        @Test
        @DisplayName("grants the lock to another owner once the TTL has run out")
        void grantsAfterExpiry() {
            server.post("/acquire/seat-A1?owner=Node_Alpha&ttl=5");
            server.clock.advance(Duration.ofSeconds(5));

            assertThat(server.post("/acquire/seat-A1?owner=Node_Beta").field("status")).isEqualTo("granted");
        }
    }

    @Nested
    @DisplayName("POST /release/{resource}")
    class Release {

        @Test
        @DisplayName("releases the owner's lock, and then answers not_held")
        void releasesOnce() {
            server.post("/acquire/seat-A1?owner=Node_Alpha");

            TestLockServer.Answer first = server.post("/release/seat-A1?owner=Node_Alpha");
            TestLockServer.Answer second = server.post("/release/seat-A1?owner=Node_Alpha");

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("{\"status\":\"released\"}");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).isEqualTo("{\"status\":\"not_held\"}");
        }

        @Test
        @DisplayName("lets anyone who names the owner release the lock: the flaw the lab teaches")
        void anyoneWhoNamesTheOwnerCanRelease() {
            server.post("/acquire/seat-A1?owner=Node_Alpha");

            // Node_Beta's buggy client sends Node_Alpha's name; the original API cannot tell.
            assertThat(server.post("/release/seat-A1?owner=Node_Alpha").field("status")).isEqualTo("released");
            assertThat(server.post("/acquire/seat-A1?owner=Node_Beta").field("status")).isEqualTo("granted");
        }

        @Test
        @DisplayName("does not release another owner's lock")
        void keepsAnotherOwnersLock() {
            server.post("/acquire/seat-A1?owner=Node_Alpha");

            assertThat(server.post("/release/seat-A1?owner=Node_Beta").text()).isEqualTo("{\"status\":\"not_held\"}");
            assertThat(server.post("/acquire/seat-A1?owner=Node_Beta").field("status")).isEqualTo("denied");
        }
    }

    @Nested
    @DisplayName("GET /status")
    class Status {

        @Test
        @DisplayName("lists each live lock with its owner and its expiry as Unix seconds (a float)")
        void listsLiveLocks() {
            server.post("/acquire/seat-A1?owner=Node_Alpha&ttl=5");
            server.post("/acquire/seat-B2?owner=Node_Beta&ttl=2.5");
            long now = server.nowMillis();

            TestLockServer.Answer answer = server.get("/status");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json()).containsOnlyKeys("seat-A1", "seat-B2");
            assertThat(answer.json().get("seat-A1")).isEqualTo(Map.of("owner", "Node_Alpha", "expires",
                    seconds(now + 5_000)));
            assertThat(answer.text()).contains("\"expires\":" + BigDecimal.valueOf(now + 2_500, 3));
        }

        @Test
        @DisplayName("leaves out locks whose TTL has run out")
        void leavesOutExpiredLocks() {
            server.post("/acquire/seat-A1?owner=Node_Alpha&ttl=5");
            server.clock.advance(Duration.ofSeconds(6));

            assertThat(server.get("/status").text()).isEqualTo("{}");
        }
    }

    @Nested
    @DisplayName("with --strict")
    class Strict {

        @BeforeEach
        void restartStrict() throws IOException {
            server.close();
            server = TestLockServer.start(folder, config -> config.withStrict(true));
        }

        @Test
        @DisplayName("answers 403 with a JSON error that points to the holder-token API")
        void refusesTheOriginalApi() {
            for (TestLockServer.Answer answer : new TestLockServer.Answer[] {
                    server.post("/acquire/seat-A1?owner=Node_Alpha"),
                    server.post("/release/seat-A1?owner=Node_Alpha"),
                    server.get("/status")}) {
                assertThat(answer.status()).isEqualTo(403);
                assertThat(answer.field("error")).isEqualTo("original_api_disabled");
                assertThat((String) answer.field("detail")).contains("holder_token", "/v1/locks/");
            }
        }

        @Test
        @DisplayName("still serves the holder-token API")
        void servesTheHolderTokenApi() {
            assertThat(server.grant("seat-A1", "Node_Alpha", 5_000)).containsKey("holder_token");
        }
    }

    private Object expiresOf(String resource) {
        @SuppressWarnings("unchecked")
        Map<String, Object> entry = (Map<String, Object>) server.get("/status").json().get(resource);
        return entry.get("expires");
    }

    /** Jackson-jr reads {@code 1795776921.753} as a double; compare as the double the client would see. */
    private static Object seconds(long millis) {
        return BigDecimal.valueOf(millis, 3).doubleValue();
    }
}
