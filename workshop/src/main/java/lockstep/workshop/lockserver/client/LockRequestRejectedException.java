package lockstep.workshop.lockserver.client;

/**
 * The lock server turned a request down with an error answer ({@code {"error":"…","detail":"…"}}): a bad name or
 * TTL, the original API on a {@code --strict} server, too many locks, a failed disk.
 */
public final class LockRequestRejectedException extends LockServerException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String error;
    private final String detail;

    public LockRequestRejectedException(String request, int status, String error, String detail) {
        super("The lock server turned down " + request + " with " + status + " " + error + ": " + detail, null);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    /** The HTTP status, for example 400 or 403. */
    public int status() {
        return status;
    }

    /** The stable error code, for example {@code bad_ttl} or {@code original_api_disabled}. */
    public String error() {
        return error;
    }

    /** The server's explanation for a person. */
    public String detail() {
        return detail;
    }
}
