package lockstep.workshop.lockserver.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.lockserver.table.Lease;
import lockstep.workshop.lockserver.table.LockTable;
import lockstep.workshop.lockserver.table.Outcome;
import lockstep.workshop.lockserver.table.Waiter;

/**
 * The lock server's own API: millisecond TTLs, fencing tokens, holder tokens, waiting acquires, and the two unsafe
 * primitives {@code setnx} and {@code expire} kept for the lab's classic mistake. Requests and answers are JSON
 * objects; {@code API.md} beside this class is the reference.
 *
 * <p>Answers: 200 for a change that happened ({@code granted}, {@code renewed}, {@code released}), 409 for a request
 * that was understood but lost to the lock's current state ({@code denied}, {@code not_held}), 4xx with
 * {@code {"error","detail"}} for a request that was wrong.
 */
public final class HolderTokenApi {

    private final LockTable table;
    private final LockServerConfig config;

    public HolderTokenApi(LockTable table, LockServerConfig config) {
        this.table = table;
        this.config = config;
    }

    /**
     * {@code POST /v1/locks/{resource}/acquire {"owner":"Node_Alpha","ttl_ms":5000,"wait_ms":10000}}. Without
     * {@code wait_ms} (or with 0) it answers at once; with it, a held lock queues the request until the lock is
     * handed over or the wait ends.
     *
     * handed over or the wait ends; if the client disconnects first, it leaves the queue.
     */
    Reply acquire(String resourceName, byte[] body) {
        String resource = InputRules.resource(resourceName);
        Map<String, Object> request = readRequest(body, "{\"owner\": \"Node_Alpha\", \"ttl_ms\": 5000}",
                List.of("owner", "ttl_ms", "wait_ms"));
        String owner = InputRules.ownerField(request.get("owner"));
        long ttlMillis = InputRules.ttlMillis(request.get("ttl_ms"), config.maxTtl());
        long waitMillis = InputRules.waitMillis(request.get("wait_ms"), config.maxWait());
        if (waitMillis == 0) {
            Outcome outcome = table.acquire(resource, owner, ttlMillis);
            return Reply.to(outcome, acquireAnswer(resource, outcome, ttlMillis));
        }
        Waiter waiter = table.acquireOrQueue(resource, owner, ttlMillis, waitMillis);
        return new Reply.Later(waiter.answer().thenApply(outcome ->
                Reply.to(outcome, acquireAnswer(resource, outcome, ttlMillis))), () -> table.abandon(waiter));
    }

    /** {@code POST /v1/locks/{resource}/renew {"holder_token":"…","ttl_ms":5000}}: a new TTL from now. */
    Reply renew(String resourceName, byte[] body) {
        String resource = InputRules.resource(resourceName);
        Map<String, Object> request = readRequest(body, "{\"holder_token\": \"<from the grant>\", \"ttl_ms\": 5000}",
                List.of("holder_token", "ttl_ms"));
        String holderToken = InputRules.holderToken(request.get("holder_token"));
        long ttlMillis = InputRules.ttlMillis(request.get("ttl_ms"), config.maxTtl());
        Outcome outcome = table.renew(resource, holderToken, ttlMillis);
        return Reply.to(outcome, renewAnswer(resource, outcome, ttlMillis));
    }

    /** {@code POST /v1/locks/{resource}/release {"holder_token":"…"}}. */
    Reply release(String resourceName, byte[] body) {
        String resource = InputRules.resource(resourceName);
        Map<String, Object> request = readRequest(body, "{\"holder_token\": \"<from the grant>\"}",
                List.of("holder_token"));
        Outcome outcome = table.release(resource, InputRules.holderToken(request.get("holder_token")));
        if (outcome instanceof Outcome.Released) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "released");
            answer.put("resource", resource);
            answer.put("fencing_token", ((Outcome.Released) outcome).former().fencingToken());
            return Reply.to(outcome, ApiResponse.json(200, answer));
        }
        return Reply.to(outcome, notHeldAnswer(resource, (Outcome.NotHeld) outcome));
    }

    /** {@code POST /v1/locks/{resource}/setnx {"owner":"Node_Alpha"}}: a lock with no expiry at all. Unsafe. */
    Reply setnx(String resourceName, byte[] body) {
        String resource = InputRules.resource(resourceName);
        Map<String, Object> request = readRequest(body, "{\"owner\": \"Node_Alpha\"}", List.of("owner"));
        Outcome outcome = table.setIfAbsent(resource, InputRules.ownerField(request.get("owner")));
        return Reply.to(outcome, acquireAnswer(resource, outcome, 0));
    }

    /** {@code POST /v1/locks/{resource}/expire {"owner":"Node_Alpha","ttl_ms":5000}}: a TTL by owner name. Unsafe. */
    Reply expire(String resourceName, byte[] body) {
        String resource = InputRules.resource(resourceName);
        Map<String, Object> request = readRequest(body, "{\"owner\": \"Node_Alpha\", \"ttl_ms\": 5000}",
                List.of("owner", "ttl_ms"));
        String owner = InputRules.ownerField(request.get("owner"));
        long ttlMillis = InputRules.ttlMillis(request.get("ttl_ms"), config.maxTtl());
        Outcome outcome = table.expire(resource, owner, ttlMillis);
        return Reply.to(outcome, renewAnswer(resource, outcome, ttlMillis));
    }

    private ApiResponse acquireAnswer(String resource, Outcome outcome, long ttlMillis) {
        if (outcome instanceof Outcome.Granted) {
            Lease lease = ((Outcome.Granted) outcome).lease();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "granted");
            answer.put("resource", resource);
            answer.put("owner", lease.owner());
            answer.put("fencing_token", lease.fencingToken());
            answer.put("holder_token", lease.holderToken());
            answer.put("ttl_ms", lease.expires() ? ttlMillis : null);
            answer.put("expires_at_ms", lease.expires() ? lease.expiresAtMillis() : null);
            return ApiResponse.json(200, answer);
        }
        if (outcome instanceof Outcome.Denied) {
            Outcome.Denied denied = (Outcome.Denied) outcome;
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "denied");
            answer.put("resource", resource);
            answer.put("reason", denied.waitTimedOut() ? "wait_timed_out" : "locked_by_other");
            answer.put("holder", denied.holder() == null ? null : denied.holder().owner());
            answer.put("expires_in_ms", denied.holder() == null || !denied.holder().expires() ? null
                    : denied.holderMillisLeft());
            return ApiResponse.json(409, answer);
        }
        if (outcome instanceof Outcome.TooManyLocks) {
            throw OriginalApi.tooManyLocks(((Outcome.TooManyLocks) outcome).limit());
        }
        throw new IllegalStateException("an acquire cannot end as " + outcome);
    }

    private static ApiResponse renewAnswer(String resource, Outcome outcome, long ttlMillis) {
        if (outcome instanceof Outcome.Renewed) {
            Lease lease = ((Outcome.Renewed) outcome).lease();
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", "renewed");
            answer.put("resource", resource);
            answer.put("fencing_token", lease.fencingToken());
            answer.put("ttl_ms", ttlMillis);
            answer.put("expires_at_ms", lease.expiresAtMillis());
            return ApiResponse.json(200, answer);
        }
        return notHeldAnswer(resource, (Outcome.NotHeld) outcome);
    }

    private static ApiResponse notHeldAnswer(String resource, Outcome.NotHeld notHeld) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "not_held");
        answer.put("resource", resource);
        answer.put("reason", notHeld.reason());
        answer.put("detail", notHeld.detail());
        return ApiResponse.json(409, answer);
    }

    /** Parses the body and turns away fields this request does not know, naming the ones it does. */
    private static Map<String, Object> readRequest(byte[] body, String example, List<String> knownFields) {
        Map<String, Object> request = Json.readObject(body, example);
        for (String field : request.keySet()) {
            if (!knownFields.contains(field)) {
                throw ApiError.badRequest("unknown_field", "this request has no field " + InputRules.quote(field)
                        + "; its fields are " + knownFields + ", for example " + example);
            }
        }
        return request;
    }
}
