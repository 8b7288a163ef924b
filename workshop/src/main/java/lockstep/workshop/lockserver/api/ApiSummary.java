package lockstep.workshop.lockserver.api;

import java.util.List;

/**
 * The lock server's API in a dozen lines, shown by {@code GET /}, printed by {@code ./lockstep lock-server} when it
 * starts, and quoted in its {@code --help}. {@code API.md} beside this class has the details.
 */
public final class ApiSummary {

    /** One line per endpoint: method, path, request, what it does. */
    public static final List<String> LINES = List.of(
            "POST /v1/locks/{resource}/acquire {owner, ttl_ms, wait_ms?}  grant with fencing_token + holder_token",
            "POST /v1/locks/{resource}/renew   {holder_token, ttl_ms}     new TTL from now, only for the holder",
            "POST /v1/locks/{resource}/release {holder_token}             release, only for the holder",
            "POST /v1/locks/{resource}/setnx   {owner}                    UNSAFE: a lock that never expires",
            "POST /v1/locks/{resource}/expire  {owner, ttl_ms}            UNSAFE: set a TTL by owner name",
            "GET  /v1/locks                                               every lock: owner, token, time left",
            "GET  /v1/events?after=N                                      what happened after event N",
            "GET  /v1/health                                              is the server up",
            "POST /acquire/{resource}?owner=O&ttl=S   original API (UNSAFE, off with --strict)",
            "POST /release/{resource}?owner=O         original API: release by owner name",
            "GET  /status                             original API: {resource: {owner, expires}}");

    private ApiSummary() {
    }

    /** The lines joined for a terminal, each indented by two spaces. */
    public static String asText() {
        return "  " + String.join(System.lineSeparator() + "  ", LINES);
    }
}
