package lockstep.workshop.lockserver.api;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.table.LockTable;
import lockstep.workshop.lockserver.table.Outcome;

/**
 * The original workshop's lock server API, served unchanged so that clients written for it keep working:
 * <pre>
 * POST /acquire/{resource}?owner=O&amp;ttl=SECONDS  {"status":"granted","expires_in":TTL}
 *                                             {"status":"renewed","expires_in":TTL}   (O already held it)
 *                                             {"status":"denied","reason":"locked_by_other","owner":"OTHER"}
 * POST /release/{resource}?owner=O            {"status":"released"} or {"status":"not_held"}
 * GET  /status                                {"RESOURCE":{"owner":"O","expires":UNIX_SECONDS}, …}
 * </pre>
 * All answers are 200, as in the original. It is unsafe on purpose: the owner name is the only proof of ownership, so
 * anyone who sends {@code owner=Node_Alpha} can release Node_Alpha's lock. With {@code strict} the server answers
 * 403 here and points to the holder-token API.
 *
 * <p>Two deliberate differences, both from the original's in-memory shortcuts: an expired lock is gone (releasing it
 * answers {@code not_held}, and {@code /status} leaves it out), and {@code ttl} may also be a decimal such as 2.5.
 */
public final class OriginalApi {

    private static final String DEFAULT_TTL_SECONDS = "5";

    private final LockTable table;
    private final LockServerConfig config;

    public OriginalApi(LockTable table, LockServerConfig config) {
        this.table = table;
        this.config = config;
    }

    Reply acquire(String resourceName, Map<String, String> query) {
        refuseWhenStrict();
        String resource = InputRules.resource(resourceName);
        String owner = InputRules.owner(query.get("owner"));
        BigDecimal ttl = InputRules.ttlSeconds(query.getOrDefault("ttl", DEFAULT_TTL_SECONDS), config.maxTtl());
        Outcome outcome = table.acquireOrExtendByOwner(resource, owner, InputRules.toMillis(ttl));
        Map<String, Object> answer = new LinkedHashMap<>();
        if (outcome instanceof Outcome.Granted || outcome instanceof Outcome.Renewed) {
            answer.put("status", outcome instanceof Outcome.Granted ? "granted" : "renewed");
            // Echo the TTL as it was given: 5 stays the integer 5, 2.5 stays 2.5.
            answer.put("expires_in", ttl.scale() <= 0 ? ttl.toBigInteger() : ttl);
        } else if (outcome instanceof Outcome.Denied) {
            answer.put("status", "denied");
            answer.put("reason", "locked_by_other");
            answer.put("owner", ((Outcome.Denied) outcome).holder().owner());
        } else {
            throw tooManyLocks(((Outcome.TooManyLocks) outcome).limit());
        }
        return Reply.to(outcome, ApiResponse.json(200, answer));
    }

    Reply release(String resourceName, Map<String, String> query) {
        refuseWhenStrict();
        String resource = InputRules.resource(resourceName);
        String owner = InputRules.owner(query.get("owner"));
        Outcome outcome = table.releaseByOwner(resource, owner);
        return Reply.to(outcome, ApiResponse.json(200, Map.of("status", outcome instanceof Outcome.Released
                ? "released" : "not_held")));
    }

    ApiResponse status() {
        refuseWhenStrict();
        Map<String, Object> answer = new LinkedHashMap<>();
        for (HeldLock lock : table.heldLocks()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("owner", lock.owner());
            // Unix time in seconds with millisecond digits, as a JSON number; null for a setnx lock without TTL.
            entry.put("expires", lock.expires() ? BigDecimal.valueOf(lock.expiresAtMillis(), 3) : null);
            answer.put(lock.resource(), entry);
        }
        return ApiResponse.json(200, answer);
    }

    static ApiError tooManyLocks(int limit) {
        return new ApiError(429, "too_many_locks", "the server already holds " + limit + " locks, its limit; "
                + "release locks you no longer need, or start the server with a higher limit");
    }

    private void refuseWhenStrict() {
        if (config.strict()) {
            throw new ApiError(403, "original_api_disabled", "this server runs with --strict, which turns off the "
                    + "original owner-name API (anyone who knows an owner's name could release its lock). Use "
                    + "POST /v1/locks/{resource}/acquire, then renew and release with the holder_token it answers.");
        }
    }
}
