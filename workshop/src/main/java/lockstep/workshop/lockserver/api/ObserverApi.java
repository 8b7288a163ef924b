package lockstep.workshop.lockserver.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockEvent;
import lockstep.workshop.lockserver.table.LockTable;
import lockstep.workshop.lockserver.table.RecentEvents;

/**
 * Read-only views for people and tools watching the server: {@code GET /v1/locks} (every lock with owner, fencing
 * token and time left), {@code GET /v1/events?after=N} (what happened since event N), {@code GET /v1/health}, and
 * {@code GET /} (a summary of the API, for someone exploring with curl).
 */
public final class ObserverApi {

    private static final int DEFAULT_EVENTS = 100;

    private final LockTable table;
    private final RecentEvents events;
    private final LockServerConfig config;

    public ObserverApi(LockTable table, RecentEvents events, LockServerConfig config) {
        this.table = table;
        this.events = events;
        this.config = config;
    }

    ApiResponse locks() {
        List<HeldLock> held = table.heldLocks();
        List<Object> locks = new ArrayList<>(held.size());
        for (HeldLock lock : held) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("resource", lock.resource());
            entry.put("owner", lock.owner());
            entry.put("fencing_token", lock.fencingToken());
            entry.put("expires_at_ms", lock.expires() ? lock.expiresAtMillis() : null);
            entry.put("expires_in_ms", lock.expires() ? lock.expiresInMillis() : null);
            entry.put("waiting", lock.waiting());
            locks.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("now_ms", table.nowMillis());
        answer.put("locks", locks);
        return ApiResponse.json(200, answer);
    }

    ApiResponse events(Map<String, String> query) {
        long after = number(query, "after", 0, Long.MAX_VALUE, 0);
        int limit = (int) number(query, "limit", 1, config.recentEventsKept(), Math.min(DEFAULT_EVENTS,
                config.recentEventsKept()));
        table.expireDue();
        List<Object> found = new ArrayList<>();
        long last = events.lastSequence();
        for (LockEvent event : events.after(after, limit)) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("sequence", event.sequence());
            entry.put("at_ms", event.atMillis());
            entry.put("type", event.type().label());
            entry.put("resource", event.resource());
            entry.put("owner", event.owner());
            entry.put("fencing_token", event.fencingToken() == 0 ? null : event.fencingToken());
            entry.put("detail", event.detail());
            found.add(entry);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("last_sequence", last);
        answer.put("events", found);
        return ApiResponse.json(200, answer);
    }

    ApiResponse health() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "ok");
        answer.put("now_ms", table.nowMillis());
        answer.put("strict", config.strict());
        answer.put("locks", table.heldLocks().size());
        return ApiResponse.json(200, answer);
    }

    ApiResponse index() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("service", "Lockstep lock server");
        answer.put("api", ApiSummary.LINES);
        return ApiResponse.json(200, answer);
    }

    private static long number(Map<String, String> query, String name, long min, long max, long otherwise) {
        String text = query.get(name);
        if (text == null) {
            return otherwise;
        }
        try {
            long value = Long.parseLong(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException notANumber) {
            // Answered below, with the allowed range.
        }
        throw ApiError.badRequest("bad_" + name, name + " must be a whole number from " + min + " to " + max
                + ", got " + InputRules.quote(text));
    }
}
