package lockstep.workshop.lockserver.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One answer: a status code and a JSON body, plus any extra headers (such as {@code Allow} on a 405). The wire turns
 * it into bytes.
 */
public record ApiResponse(int status, String json, Map<String, String> headers) {

    static ApiResponse json(int status, Object body) {
        return new ApiResponse(status, Json.write(body), Map.of());
    }

    ApiResponse withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new ApiResponse(status, json, Map.copyOf(all));
    }

    /** The words after the status code on the status line, for example {@code Conflict} for 409. */
    public String reasonPhrase() {
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
