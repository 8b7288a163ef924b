package lockstep.workshop.lockserver.api;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the server turns down, answered as {@code {"error":"…","detail":"…"}} with a 4xx (or 5xx) status.
 *
 * <p>{@code error} is a stable snake_case code a program can test; {@code detail} is one or two sentences for a person:
 * what was wrong, with the offending value, and how to fix it. Thrown by input checks and caught by the router, so a
 * handler reads as the happy path. Carries no stack trace: it is an answer, not a bug.
 */
public final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String detail;
    private final Map<String, String> headers;

    public ApiError(int status, String error, String detail) {
        this(status, error, detail, Map.of());
    }

    ApiError(int status, String error, String detail, Map<String, String> headers) {
        super(error + ": " + detail, null, false, false);
        this.status = status;
        this.error = error;
        this.detail = detail;
        this.headers = headers;
    }

    public static ApiError badRequest(String error, String detail) {
        return new ApiError(400, error, detail);
    }

    int status() {
        return status;
    }

    String error() {
        return error;
    }

    String detail() {
        return detail;
    }

    public ApiResponse toResponse() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        return ApiResponse.json(status, body).withHeaders(headers);
    }
}
