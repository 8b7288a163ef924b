package lockstep.workshop.lockserver.api;

import java.util.List;
import java.util.Map;

/**
 * One request as the API sees it, whichever wire brought it: what to do, to what, with which body.
 *
 * @param method the request method, for example {@code POST}
 * @param target the request target as sent, for example {@code /acquire/seat-A1?owner=Node_Alpha}; for messages
 * @param path   the path split at {@code /} and percent-decoded: {@code /acquire/seat-A1} is
 *               {@code ["acquire", "seat-A1"]}, and {@code /} is empty
 * @param query  the decoded query parameters; the first value wins when a name repeats
 * @param body   the body bytes, empty when there is none
 */
public record ApiRequest(String method, String target, List<String> path, Map<String, String> query, byte[] body) {
}
