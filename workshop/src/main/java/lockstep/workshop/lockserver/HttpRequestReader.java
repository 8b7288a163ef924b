package lockstep.workshop.lockserver;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests from one connection, with the limits that keep one bad client from hurting the others.
 *
 * <p>Limits: 8 KiB of request line and headers (431), 16 KiB of body (413), a body only with {@code Content-Length}
 * (chunked uploads get 411), and a deadline for the whole request once its first byte has arrived (408). The deadline
 * is what stops a slowloris client, which sends one byte every few seconds so that no single read ever times out.
 * Between requests a keep-alive connection may stay idle for the idle timeout, then it is closed without an answer.
 *
 * <p>Every {@link ApiError} thrown here means the byte stream can no longer be trusted, so the connection answers it
 * and closes. Not thread-safe: one reader per connection thread.
 */
final class HttpRequestReader {

    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_BODY_BYTES = 16 * 1024;

    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[MAX_HEADER_BYTES + MAX_BODY_BYTES];
    private int start;
    private int end;
    private Duration requestTimeout = Duration.ofSeconds(10);

    HttpRequestReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Reads the next request.
     *
     * @return the request, or {@code null} when the client closed the connection or left it idle for
     *         {@code idleTimeout} between requests
     * @throws ApiError    a 4xx answer for a request that breaks the rules; the connection must close after it
     * @throws IOException the connection broke in the middle of a request
     */
    HttpRequest next(Duration idleTimeout, Duration requestTimeout) throws IOException {
        this.requestTimeout = requestTimeout;
        compact();
        if (start == end && !awaitFirstByte(idleTimeout)) {
            return null;
        }
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        skipEmptyLines(deadline);
        int headEnd;
        while ((headEnd = endOfHead()) < 0 && end - start <= MAX_HEADER_BYTES) {
            readMore(deadline);
        }
        if (headEnd < 0 || headEnd - start > MAX_HEADER_BYTES) {
            throw new ApiError(431, "headers_too_large", "the request line and headers are larger than "
                    + MAX_HEADER_BYTES + " bytes; send a shorter request");
        }
        List<String> lines = lines(new String(buffer, start, headEnd - start, StandardCharsets.ISO_8859_1));
        String[] requestLine = lines.get(0).split(" ", -1);
        if (requestLine.length != 3 || !isMethod(requestLine[0]) || !requestLine[1].startsWith("/")) {
            throw ApiError.badRequest("malformed_request", "the request line must look like 'POST /v1/locks/seat-A1"
                    + "/acquire HTTP/1.1', got " + InputRules.quote(lines.get(0)));
        }
        String version = requestLine[2];
        if (!version.equals("HTTP/1.1") && !version.equals("HTTP/1.0")) {
            throw new ApiError(505, "http_version_not_supported", "this server speaks HTTP/1.1 (and 1.0), got "
                    + InputRules.quote(version));
        }
        Map<String, String> headers = parseHeaders(lines);
        int bodyLength = bodyLength(headers);
        int bodyStart = headEnd;
        start = bodyStart;
        if (end - start < bodyLength && "100-continue".equalsIgnoreCase(headers.get("expect"))) {
            out.write(CONTINUE);
            out.flush();
        }
        while (end - start < bodyLength) {
            readMore(deadline);
        }
        byte[] body = new byte[bodyLength];
        System.arraycopy(buffer, start, body, 0, bodyLength);
        start += bodyLength;

        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        boolean keepAlive = version.equals("HTTP/1.1") ? !connection.contains("close")
                : connection.contains("keep-alive");
        String target = requestLine[1];
        int question = target.indexOf('?');
        String rawPath = question < 0 ? target : target.substring(0, question);
        String rawQuery = question < 0 ? "" : target.substring(question + 1);
        return new HttpRequest(requestLine[0], target, decodePath(rawPath), decodeQuery(rawQuery), body, keepAlive);
    }

    /**
     * Tells whether the client has closed its side, without waiting: a waiting acquire asks this now and then, so a
     * client that gave up (Ctrl+C) is taken out of the queue instead of being handed a lock it will never use.
     */
    boolean clientHasClosed() throws IOException {
        compact();
        if (end == buffer.length) {
            return false;
        }
        socket.setSoTimeout(1);
        try {
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return true;
            }
            end += read;
            return false;
        } catch (SocketTimeoutException nothingToRead) {
            // The normal case: the client is still there, quietly waiting for its answer.
            return false;
        }
    }

    private boolean awaitFirstByte(Duration idleTimeout) throws IOException {
        socket.setSoTimeout(Math.toIntExact(Math.min(idleTimeout.toMillis(), Integer.MAX_VALUE)));
        try {
            int read = in.read(buffer, end, buffer.length - end);
            if (read < 0) {
                return false;
            }
            end += read;
            return true;
        } catch (SocketTimeoutException idle) {
            // An idle keep-alive connection: closing it silently is what HTTP clients expect.
            return false;
        }
    }

    private void readMore(long deadlineNanos) throws IOException {
        long leftNanos = deadlineNanos - System.nanoTime();
        if (leftNanos <= 0) {
            throw timedOut();
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (leftNanos + 999_999) / 1_000_000)));
        int read;
        try {
            read = in.read(buffer, end, buffer.length - end);
        } catch (SocketTimeoutException e) {
            throw timedOut();
        }
        if (read < 0) {
            throw new EOFException("the client closed the connection in the middle of a request");
        }
        end += read;
    }

    private ApiError timedOut() {
        return new ApiError(408, "request_timeout", "the request was not complete after "
                + requestTimeout.toMillis() + " ms; send the whole request (headers, then exactly Content-Length "
                + "bytes of body) without pausing");
    }

    /** RFC 9112 asks servers to ignore empty lines before a request line; some clients send one after a POST. */
    private void skipEmptyLines(long deadline) throws IOException {
        while (true) {
            while (start < end && (buffer[start] == '\r' || buffer[start] == '\n')) {
                start++;
            }
            if (start < end) {
                return;
            }
            readMore(deadline);
        }
    }

    /** The index just after the blank line that ends the head, or -1 when it has not arrived yet. */
    private int endOfHead() {
        for (int i = start; i < end; i++) {
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

    private static int bodyLength(Map<String, String> headers) {
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
        return !token.isEmpty() && token.length() <= 16 && token.chars().allMatch(c -> c >= 'A' && c <= 'Z');
    }

    private static List<String> decodePath(String rawPath) {
        List<String> segments = new ArrayList<>();
        if (rawPath.equals("/")) {
            return segments;
        }
        for (String raw : rawPath.substring(1).split("/", -1)) {
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
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("malformed_request", "bad percent-encoding in " + InputRules.quote(whole)
                    + "; encode special characters as %XX, for example a space as %20");
        }
    }

    private void compact() {
        if (start == end) {
            start = 0;
            end = 0;
        } else if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
    }
}
