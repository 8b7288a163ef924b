package lockstep.workshop.lockserver.http;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import lockstep.workshop.lockserver.api.ApiError;
import lockstep.workshop.lockserver.api.ApiRequest;
import lockstep.workshop.lockserver.api.InputRules;

/**
 * Finds one HTTP/1.1 request in the bytes a connection has received so far, or says that more are needed.
 *
 * <p>Limits: 8 KiB of request line and headers (431), 16 KiB of body (413), a body only with {@code Content-Length}
 * (chunked uploads get 411). Every {@link ApiError} thrown here means the byte stream can no longer be trusted, so the
 * connection answers it and closes. A pure function of its input: the {@link HttpEventLoop} owns buffers and time.
 */
final class HttpRequestParser {

    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_BODY_BYTES = 16 * 1024;
    /** Room for the largest request the limits allow. */
    static final int BUFFER_BYTES = MAX_HEADER_BYTES + MAX_BODY_BYTES;

    /** What the buffered bytes hold. */
    sealed interface Result {
    }

    /**
     * A whole request; the next one starts at {@code next}. {@code keepAlive} says whether the connection stays open
     * after the answer.
     */
    record Complete(ApiRequest request, boolean keepAlive, int next) implements Result {
    }

    /**
     * Not a whole request yet. {@code expectsContinue} is true when the head asked for {@code 100 Continue} before
     * sending its body (curl does this for larger bodies).
     */
    record Incomplete(boolean expectsContinue) implements Result {
    }

    private static final Incomplete MORE = new Incomplete(false);

    private HttpRequestParser() {
    }

    static Result parse(byte[] buffer, int start, int end) {
        int from = start;
        // RFC 9112 asks servers to ignore empty lines before a request line; some clients send one after a POST.
        while (from < end && (buffer[from] == '\r' || buffer[from] == '\n')) {
            from++;
        }
        if (from == end) {
            return MORE;
        }
        int headEnd = endOfHead(buffer, from, end);
        if (headEnd < 0 && end - from <= MAX_HEADER_BYTES) {
            return MORE;
        }
        if (headEnd < 0 || headEnd - from > MAX_HEADER_BYTES) {
            throw headersTooLarge();
        }
        List<String> lines = lines(new String(buffer, from, headEnd - from, StandardCharsets.ISO_8859_1));
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3) {
            throw badRequestLine(lines.get(0));
        }
        String version = requestLine[2];
        checkRequestLine(requestLine[0], requestLine[1], version, lines.get(0));
        Map<String, String> headers = parseHeaders(lines);
        int bodyLength = bodyLength(headers);
        if (end - headEnd < bodyLength) {
            return new Incomplete("100-continue".equalsIgnoreCase(headers.get("expect")));
        }
        byte[] body = new byte[bodyLength];
        System.arraycopy(buffer, headEnd, body, 0, bodyLength);

        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = version.equals("HTTP/1.1") ? !connection.contains("close")
                : connection.contains("keep-alive");
        return new Complete(apiRequest(requestLine[0], requestLine[1], body), keepAlive, headEnd + bodyLength);
    }

    /**
     * The request as the API sees it, with the target split into a percent-decoded path and query.
     *
     * @throws ApiError 400 {@code malformed_request} for bad percent-encoding
     */
    static ApiRequest apiRequest(String method, String target, byte[] body) {
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        return new ApiRequest(method, target, decodePath(rawPath), decodeQuery(rawQuery), body);
    }

    /**
     * Refuses a request line this server does not serve: a method that is not an upper-case word, a target that is
     * not a path, a version other than HTTP/1.1 and 1.0.
     */
    static void checkRequestLine(String method, String target, String version, String line) {
        if (!isMethod(method) || !target.startsWith("/")) {
            throw badRequestLine(line);
        }
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new ApiError(505, "http_version_not_supported", "this server speaks HTTP/1.1 (and 1.0), got "
                    + InputRules.quote(version));
        }
    }

    static ApiError badRequestLine(String line) {
        return ApiError.badRequest("malformed_request", "the request line must look like 'POST /v1/locks/seat-A1"
                + "/acquire HTTP/1.1', got " + InputRules.quote(line));
    }

    static ApiError headersTooLarge() {
        return new ApiError(431, "headers_too_large", "the request line and headers are larger than "
                + MAX_HEADER_BYTES + " bytes; send a shorter request");
    }

    /** The index just after the blank line that ends the head, or -1 when it has not arrived yet. */
    private static int endOfHead(byte[] buffer, int from, int end) {
        for (int i = from; i < end; i++) {
            if (buffer[i] == '\n') {
                if (i + 1 < end && buffer[i + 1] == '\n') {
                    return i + 2;
                }
                if (i + 2 < end && buffer[i + 1] == '\r' && buffer[i + 2] == '\n') {
                    return i + 3;
                }
            }
        }
        return -1;
    }

    /** The head's lines, each without its CRLF (or bare LF). */
    private static List<String> lines(String head) {
        List<String> lines = new ArrayList<>(8);
        int from = 0;
        for (int newline = head.indexOf('\n'); newline >= 0; newline = head.indexOf('\n', from)) {
            int to = newline > from && head.charAt(newline - 1) == '\r' ? newline - 1 : newline;
            lines.add(head.substring(from, to));
            from = newline + 1;
        }
        return lines;
    }

    private static Map<String, String> parseHeaders(List<String> lines) {
        Map<String, String> headers = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || line.charAt(0) == ' ' || line.charAt(0) == '\t') {
                throw ApiError.badRequest("malformed_request", "the header line " + InputRules.quote(line)
                        + " is not 'Name: value'");
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            String earlier = headers.put(name, value);
            if (name.equals("content-length") && earlier != null && !earlier.equals(value)) {
                throw ApiError.badRequest("malformed_request", "two different Content-Length headers ("
                        + earlier + " and " + value + "); send one");
            }
        }
        return headers;
    }

    /**
     * The body's length from the {@code content-length} header (names in lower case), refusing chunked bodies (411),
     * lengths that are not a number (400) and bodies over the limit (413).
     */
    static int bodyLength(Map<String, String> headers) {
        if (headers.containsKey("transfer-encoding")) {
            throw new ApiError(411, "length_required", "chunked or encoded request bodies are not accepted; "
                    + "send the body with a Content-Length header");
        }
        String length = headers.get("content-length");
        if (length == null) {
            return 0;
        }
        if (length.isEmpty() || length.length() > 9 || !length.chars().allMatch(Character::isDigit)) {
            throw ApiError.badRequest("malformed_request", "Content-Length must be a number of bytes, got "
                    + InputRules.quote(length));
        }
        int bytes = Integer.parseInt(length);
        if (bytes > MAX_BODY_BYTES) {
            throw new ApiError(413, "body_too_large", "the request body is " + bytes + " bytes; the limit is "
                    + MAX_BODY_BYTES + " (lock requests are small JSON objects)");
        }
        return bytes;
    }

    private static boolean isMethod(String token) {
        if (token.isEmpty() || token.length() > 16) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) < 'A' || token.charAt(i) > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static List<String> decodePath(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath.equals("/")) {
            return segments;
        }
        for (String raw : rawPath.substring(1).split("/", -1)) {
            // In a path '+' is a plus sign, not a space as in a query.
            segments.add(decode(raw.replace("+", "%2B"), rawPath));
        }
        return segments;
    }

    private static Map<String, String> decodeQuery(String rawQuery) {
        Map<String, String> query = new HashMap<>();
        if (rawQuery.isEmpty()) {
            return query;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), rawQuery);
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), rawQuery);
            query.putIfAbsent(name, value);
        }
        return query;
    }

    private static String decode(String text, String whole) {
        if (text.indexOf('%') < 0 && text.indexOf('+') < 0) {
            return text;
        }
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed_request", "bad percent-encoding in " + InputRules.quote(whole)
                    + "; encode special characters as %XX, for example a space as %20");
        }
    }
}
