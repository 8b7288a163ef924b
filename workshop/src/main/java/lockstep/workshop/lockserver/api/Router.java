package lockstep.workshop.lockserver.api;

import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each request to the API method for its path and method, and turns every failure into a JSON answer: an
 * {@link ApiError} into its 4xx, a failed log into 503, a bug into 500. A bad request never takes the server down.
 */
public final class Router {

    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    private final OriginalApi original;
    private final HolderTokenApi holderTokens;
    private final ObserverApi observer;

    public Router(OriginalApi original, HolderTokenApi holderTokens, ObserverApi observer) {
        this.original = original;
        this.holderTokens = holderTokens;
        this.observer = observer;
    }

    /** The reply to {@code request}; never throws. */
    public Reply route(ApiRequest request) {
        try {
            return dispatch(request);
        } catch (RuntimeException e) {
            return new Reply.Now(errorResponse(request, e));
        }
    }

    /** The JSON answer for a request that failed with {@code failure}. */
    public static ApiResponse errorResponse(ApiRequest request, Throwable failure) {
        if (failure instanceof ApiError) {
            return ((ApiError) failure).toResponse();
        }
        if (failure instanceof UncheckedIOException) {
            return Reply.storageFailed().toResponse();
        }
        LOG.error("A bug answering {} {}", request.method(), request.target(), failure);
        return new ApiError(500, "internal_error", "the lock server failed on this request (" + failure
                + "); this is a bug in the server, please report it with the server's log").toResponse();
    }

    private Reply dispatch(ApiRequest request) {
        List<String> path = request.path();
        String method = request.method();
        Map<String, String> query = request.query();
        int depth = path.size();
        String first = depth > 0 ? path.get(0) : "";

        if (depth == 0) {
            requireMethod(method, "GET", request);
            return new Reply.Now(observer.index());
        }
        if (depth == 2 && first.equals("acquire")) {
            requireMethod(method, "POST", request);
            return original.acquire(path.get(1), query);
        }
        if (depth == 2 && first.equals("release")) {
            requireMethod(method, "POST", request);
            return original.release(path.get(1), query);
        }
        if (depth == 1 && first.equals("status")) {
            requireMethod(method, "GET", request);
            return new Reply.Now(original.status());
        }
        if (first.equals("v1") && depth == 2) {
            switch (path.get(1)) {
                case "locks":
                    requireMethod(method, "GET", request);
                    return new Reply.Now(observer.locks());
                case "events":
                    requireMethod(method, "GET", request);
                    return new Reply.Now(observer.events(query));
                case "health":
                    requireMethod(method, "GET", request);
                    return new Reply.Now(observer.health());
                default:
                    throw notFound(request);
            }
        }
        if (first.equals("v1") && depth == 4 && path.get(1).equals("locks")) {
            String resource = path.get(2);
            switch (path.get(3)) {
                case "acquire":
                    requireMethod(method, "POST", request);
                    return holderTokens.acquire(resource, request.body());
                case "renew":
                    requireMethod(method, "POST", request);
                    return holderTokens.renew(resource, request.body());
                case "release":
                    requireMethod(method, "POST", request);
                    return holderTokens.release(resource, request.body());
                case "setnx":
                    requireMethod(method, "POST", request);
                    return holderTokens.setnx(resource, request.body());
                case "expire":
                    requireMethod(method, "POST", request);
                    return holderTokens.expire(resource, request.body());
                default:
                    throw notFound(request);
            }
        }
        throw notFound(request);
    }

    private static void requireMethod(String method, String allowed, ApiRequest request) {
        if (!method.equals(allowed)) {
            throw new ApiError(405, "method_not_allowed", request.method() + " is not allowed on "
                    + InputRules.quote(request.target()) + "; use " + allowed, Map.of("Allow", allowed));
        }
    }

    private static ApiError notFound(ApiRequest request) {
        return new ApiError(404, "not_found", "there is nothing at " + InputRules.quote(request.target())
                + "; GET / lists the API, for example POST /v1/locks/seat-A1/acquire");
    }
}
