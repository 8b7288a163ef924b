package lockstep.workshop.lockserver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer: a status code and a JSON body, plus any extra headers (such as {@code Allow} on a 405).
 *
 * <p>{@link #closesConnection()} asks the connection to close after this answer, which the server does after a
 * request it could not fully read: what follows on that connection cannot be trusted to start a new request.
 */
record HttpResponse(int status, String json, Map<String, String> headers, boolean closesConnection) {

    static HttpResponse json(int status, Object body) {
        return new HttpResponse(status, Json.write(body), Map.of(), false);
    }

    HttpResponse withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new HttpResponse(status, json, Map.copyOf(all), closesConnection);
    }

    HttpResponse closingConnection() {
        return new HttpResponse(status, json, headers, true);
    }

    /** The bytes on the wire: status line, headers, blank line, body. */
    void writeTo(ByteArrayOutputStream out, boolean close) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(160)
                .append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        if (close) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        out.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(body);
    }

    static String reason(int status) {
        switch (status) {
            case 200: return "OK";
            case 400: return "Bad Request";
            case 403: return "Forbidden";
            case 404: return "Not Found";
            case 405: return "Method Not Allowed";
            case 408: return "Request Timeout";
            case 409: return "Conflict";
            case 411: return "Length Required";
            case 413: return "Content Too Large";
            case 429: return "Too Many Requests";
            case 431: return "Request Header Fields Too Large";
            case 500: return "Internal Server Error";
            case 503: return "Service Unavailable";
            case 505: return "HTTP Version Not Supported";
            default: return "Status " + status;
        }
    }
}
