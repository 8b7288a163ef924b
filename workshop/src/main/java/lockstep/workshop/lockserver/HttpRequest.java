package lockstep.workshop.lockserver;

import java.util.List;
import java.util.Map;

/**
 * One parsed HTTP/1.1 request, as {@link HttpRequestParser} hands it to the {@link Router}.
 *
 * @param method    the request method, for example {@code POST}
 * @param target    the request target as sent, for example {@code /acquire/seat-A1?owner=Node_Alpha}; for messages
 * @param path      the path split at {@code /} and percent-decoded: {@code /acquire/seat-A1} is
 *                  {@code ["acquire", "seat-A1"]}, and {@code /} is empty
 * @param query     the decoded query parameters; the first value wins when a name repeats
 * @param body      the body bytes, empty when there is none
 * @param keepAlive whether the connection stays open after the answer
 */
record HttpRequest(String method, String target, List<String> path, Map<String, String> query, byte[] body,
                   boolean keepAlive) {
}
