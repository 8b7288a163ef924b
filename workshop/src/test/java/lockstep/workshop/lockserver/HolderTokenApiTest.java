package lockstep.workshop.lockserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("The holder-token API")
class HolderTokenApiTest extends WithAFreshLockServer {

    @Nested
    @DisplayName("acquire")
    class Acquire {

        @Test
        @DisplayName("grants a free lock with a fencing token, a 128-bit holder token and a millisecond expiry")
        void grantsWithTokens() {
            TestLockServer.Answer answer = server.post("/v1/locks/seat-A1/acquire",
                    "{\"owner\":\"Node_Alpha\",\"ttl_ms\":1500}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json()).containsOnlyKeys("status", "resource", "owner", "fencing_token",
                    "holder_token", "ttl_ms", "expires_at_ms");
            assertThat(answer.field("status")).isEqualTo("granted");
            assertThat(answer.field("fencing_token")).isEqualTo(1);
            assertThat((String) answer.field("holder_token")).matches("[0-9a-f]{32}");
            assertThat(answer.field("ttl_ms")).isEqualTo(1500);
            assertThat(((Number) answer.field("expires_at_ms")).longValue()).isEqualTo(server.nowMillis() + 1500);
        }

        @Test
        @DisplayName("denies a held lock with 409, naming the holder and its time left")
        void deniesAHeldLock() {
            server.grant("seat-A1", "Node_Alpha", 5_000);
            server.clock.advance(Duration.ofMillis(1_200));

            TestLockServer.Answer answer = server.post("/v1/locks/seat-A1/acquire",
                    "{\"owner\":\"Node_Beta\",\"ttl_ms\":5000}");

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json()).containsEntry("status", "denied").containsEntry("reason", "locked_by_other")
                    .containsEntry("holder", "Node_Alpha").containsEntry("expires_in_ms", 3_800);
        }

        @Test
        @DisplayName("denies the same owner too: in this API an owner name is a label, not a proof")
        void deniesTheSameOwner() {
            server.grant("seat-A1", "Node_Alpha", 5_000);

            assertThat(server.post("/v1/locks/seat-A1/acquire", "{\"owner\":\"Node_Alpha\",\"ttl_ms\":5000}")
                    .status()).isEqualTo(409);
        }

        @Test
        @DisplayName("gives every grant a larger fencing token, whatever the resource")
        void fencingTokensGrow() {
            List<Long> tokens = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String resource : List.of("seat-A1", "seat-B2")) {
                    Map<String, Object> grant = server.grant(resource, "Node_Alpha", 1_000);
                    tokens.add(((Number) grant.get("fencing_token")).longValue());
                    server.post("/v1/locks/" + resource + "/release",
                            "{\"holder_token\":\"" + grant.get("holder_token") + "\"}");
                }
            }

            assertThat(tokens).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        }
    }

    @Nested
    @DisplayName("renew and release")
    class RenewAndRelease {

        @Test
        @DisplayName("renew gives the holder a new TTL from now and keeps its fencing token")
        void renewExtends() {
            Map<String, Object> grant = server.grant("seat-A1", "Node_Alpha", 2_000);
            server.clock.advance(Duration.ofMillis(1_500));

            TestLockServer.Answer answer = server.post("/v1/locks/seat-A1/renew",
                    "{\"holder_token\":\"" + grant.get("holder_token") + "\",\"ttl_ms\":2000}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json()).containsEntry("status", "renewed").containsEntry("fencing_token", 1)
                    .containsEntry("expires_at_ms", server.nowMillis() + 2_000);
            server.clock.advance(Duration.ofMillis(1_999));
            assertThat(server.get("/v1/locks").text()).contains("\"owner\":\"Node_Alpha\"");
        }

        @Test
        @DisplayName("renew of an expired lease fails, even if nobody else took the lock")
        void expiredLeaseCannotBeRenewed() {
            Map<String, Object> grant = server.grant("seat-A1", "Node_Alpha", 2_000);
            server.clock.advance(Duration.ofMillis(2_000));

            TestLockServer.Answer answer = server.post("/v1/locks/seat-A1/renew",
                    "{\"holder_token\":\"" + grant.get("holder_token") + "\",\"ttl_ms\":2000}");

            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json()).containsEntry("status", "not_held").containsEntry("reason", "no_lock");
        }

        @Test
        @DisplayName("release with the holder token frees the lock for the next client")
        void releaseFrees() {
            Map<String, Object> grant = server.grant("seat-A1", "Node_Alpha", 5_000);

            TestLockServer.Answer answer = server.post("/v1/locks/seat-A1/release",
                    "{\"holder_token\":\"" + grant.get("holder_token") + "\"}");

            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.json()).containsEntry("status", "released").containsEntry("fencing_token", 1);
            assertThat(server.grant("seat-A1", "Node_Beta", 5_000)).containsEntry("fencing_token", 2);
        }

        @Test
        @DisplayName("a holder whose lease ran out cannot release the next holder's lock")
        void staleHolderCannotReleaseTheNextHoldersLock() {
            Map<String, Object> alpha = server.grant("seat-A1", "Node_Alpha", 2_000);
            server.clock.advance(Duration.ofMillis(2_500));
            server.grant("seat-A1", "Node_Beta", 5_000);

            TestLockServer.Answer late = server.post("/v1/locks/seat-A1/release",
                    "{\"holder_token\":\"" + alpha.get("holder_token") + "\"}");

            assertThat(late.status()).isEqualTo(409);
            assertThat(late.json()).containsEntry("reason", "held_by_other");
            assertThat(server.get("/v1/locks").text()).contains("\"owner\":\"Node_Beta\"");
        }

        @Test
        @DisplayName("knowing the owner's name is not enough to release: a guessed token or an owner field is refused")
        void guessingTheOwnerDoesNotRelease() {
            server.grant("seat-A1", "Node_Alpha", 5_000);

            TestLockServer.Answer byName = server.post("/v1/locks/seat-A1/release", "{\"owner\":\"Node_Alpha\"}");
            TestLockServer.Answer byGuess = server.post("/v1/locks/seat-A1/release",
                    "{\"holder_token\":\"00000000000000000000000000000000\"}");

            assertThat(byName.status()).isEqualTo(400);
            assertThat(byName.field("error")).isEqualTo("unknown_field");
            assertThat(byGuess.status()).isEqualTo(409);
            assertThat(byGuess.field("reason")).isEqualTo("held_by_other");
            assertThat(server.get("/v1/locks").text()).contains("\"owner\":\"Node_Alpha\"");
        }
    }

    @Nested
    @DisplayName("the unsafe two-step primitives")
    class TwoStep {

        @Test
        @DisplayName("setnx sets a lock that never expires, so a crash before expire leaves it set forever")
        void setnxNeverExpires() {
            TestLockServer.Answer set = server.post("/v1/locks/seat-A1/setnx", "{\"owner\":\"Node_Alpha\"}");
            server.clock.advance(Duration.ofDays(365));

            assertThat(set.status()).isEqualTo(200);
            assertThat(set.json()).containsEntry("status", "granted").containsEntry("expires_at_ms", null)
                    .containsEntry("ttl_ms", null);
            assertThat(server.post("/v1/locks/seat-A1/setnx", "{\"owner\":\"Node_Beta\"}").json())
                    .containsEntry("status", "denied").containsEntry("holder", "Node_Alpha")
                    .containsEntry("expires_in_ms", null);
        }

        @Test
        @DisplayName("expire gives the owner's lock a TTL, after which it is free")
        void expireSetsATtl() {
            server.post("/v1/locks/seat-A1/setnx", "{\"owner\":\"Node_Alpha\"}");

            TestLockServer.Answer expire = server.post("/v1/locks/seat-A1/expire",
                    "{\"owner\":\"Node_Alpha\",\"ttl_ms\":3000}");
            server.clock.advance(Duration.ofMillis(3_000));

            assertThat(expire.status()).isEqualTo(200);
            assertThat(expire.json()).containsEntry("status", "renewed")
                    .containsEntry("expires_at_ms", server.nowMillis());
            assertThat(server.post("/v1/locks/seat-A1/setnx", "{\"owner\":\"Node_Beta\"}").field("status"))
                    .isEqualTo("granted");
        }

        @Test
        @DisplayName("expire by another owner's name, or on a free lock, answers not_held")
        void expireNeedsTheOwner() {
            server.post("/v1/locks/seat-A1/setnx", "{\"owner\":\"Node_Alpha\"}");

            assertThat(server.post("/v1/locks/seat-A1/expire", "{\"owner\":\"Node_Beta\",\"ttl_ms\":3000}").json())
                    .containsEntry("status", "not_held").containsEntry("reason", "held_by_other");
            assertThat(server.post("/v1/locks/seat-Z9/expire", "{\"owner\":\"Node_Beta\",\"ttl_ms\":3000}").json())
                    .containsEntry("status", "not_held").containsEntry("reason", "no_lock");
        }
    }

    @Nested
    @DisplayName("the views")
    class Views {

        @Test
        @DisplayName("GET /v1/locks shows each lock's owner, fencing token and time left, never its holder token")
        void locksView() {
            Map<String, Object> grant = server.grant("seat-A1", "Node_Alpha", 5_000);
            server.clock.advance(Duration.ofMillis(1_000));

            TestLockServer.Answer answer = server.get("/v1/locks");

            assertThat(answer.text()).isEqualTo("{\"now_ms\":" + server.nowMillis() + ",\"locks\":[{\"resource\":"
                    + "\"seat-A1\",\"owner\":\"Node_Alpha\",\"fencing_token\":1,\"expires_at_ms\":"
                    + (server.nowMillis() + 4_000) + ",\"expires_in_ms\":4000,\"waiting\":0}]}");
            assertThat(answer.text()).doesNotContain((String) grant.get("holder_token"));
        }

        @Test
        @DisplayName("GET /v1/events lists granted, denied, renewed, released and expired, numbered for polling")
        void eventsView() {
            Map<String, Object> grant = server.grant("seat-A1", "Node_Alpha", 1_000);
            server.post("/v1/locks/seat-A1/acquire", "{\"owner\":\"Node_Beta\",\"ttl_ms\":1000}");
            server.post("/v1/locks/seat-A1/renew", "{\"holder_token\":\"" + grant.get("holder_token")
                    + "\",\"ttl_ms\":1000}");
            server.post("/v1/locks/seat-A1/release", "{\"holder_token\":\"" + grant.get("holder_token") + "\"}");
            server.grant("seat-B2", "Node_Beta", 1_000);
            server.clock.advance(Duration.ofMillis(1_000));

            TestLockServer.Answer all = server.get("/v1/events");
            TestLockServer.Answer afterThree = server.get("/v1/events?after=3");

            assertThat(all.field("last_sequence")).isEqualTo(6);
            assertThat(types(all)).containsExactly("granted", "denied", "renewed", "released", "granted", "expired");
            assertThat(types(afterThree)).containsExactly("released", "granted", "expired");
        }

        @SuppressWarnings("unchecked")
        private List<Object> types(TestLockServer.Answer answer) {
            List<Object> types = new ArrayList<>();
            for (Object event : (List<Object>) answer.field("events")) {
                types.add(((Map<String, Object>) event).get("type"));
            }
            return types;
        }
    }
}
