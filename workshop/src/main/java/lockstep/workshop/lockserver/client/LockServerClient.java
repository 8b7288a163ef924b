package lockstep.workshop.lockserver.client;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Java client for the lock server ({@link lockstep.workshop.lockserver.LockServer}): acquire, renew and release by
 * holder token; the unsafe {@code setnx} and {@code expire} of the lab's starter; release by owner name (the original
 * API); and the views.
 *
 * <p><b>Guarantees.</b> Thread-safe: one client per process, shared by all its threads, keeps a few keep-alive
 * connections. Never retries: when a connection breaks after the request was sent, the call throws
 * {@link LockServerUnavailableException} with {@code requestMayHaveArrived() == true}, and the outcome is unknown.
 * Outcomes the server decides (granted, denied, renewed, released, not held) come back as values, never as
 * exceptions; a request the server turns down throws {@link LockRequestRejectedException}.
 *
 * <p>A {@link LockClientListener} hears of every {@link LockClientStep}; that is the seam for fault injection.
 */
public final class LockServerClient implements AutoCloseable {

    /** How long to wait for an answer beyond any wait the request itself asks for. */
    public static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);

    private final URI server;
    private final LockClientListener listener;
    private final Duration answerTimeout;
    private final KeepAliveHttpClient http;
    private final boolean ownsConnections;

    private LockServerClient(URI server, LockClientListener listener, Duration answerTimeout,
                             KeepAliveHttpClient http, boolean ownsConnections) {
        this.server = server;
        this.listener = listener;
        this.answerTimeout = answerTimeout;
        this.http = http;
        this.ownsConnections = ownsConnections;
    }

    /** A client of the server at {@code server}, for example {@code http://127.0.0.1:14000}. Connects lazily. */
    public static LockServerClient connect(URI server) {
        return connect(server, LockClientListener.NONE);
    }

    /** A client whose every step is told to {@code listener} first. */
    public static LockServerClient connect(URI server, LockClientListener listener) {
        return connect(server, listener, ANSWER_TIMEOUT);
    }

    /**
     * A client that gives up on an answer after {@code answerTimeout} (plus the wait a waiting acquire asks for),
     * throwing {@link LockServerUnavailableException}: the outcome is then unknown.
     */
    public static LockServerClient connect(URI server, LockClientListener listener, Duration answerTimeout) {
        Objects.requireNonNull(answerTimeout, "answerTimeout");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(listener, "listener");
        if (!"http".equals(server.getScheme()) || server.getHost() == null || server.getPort() < 0) {
            throw new IllegalArgumentException("a lock server URL looks like http://127.0.0.1:14000, was " + server);
        }
        return new LockServerClient(server, listener, answerTimeout,
                new KeepAliveHttpClient(server.getHost(), server.getPort(), CONNECT_TIMEOUT), true);
    }

    /**
     * A view of this client that shares its connections but tells {@code other} of its steps instead: for example one
     * view per buyer, so that each buyer's lock steps are reported as theirs while the whole process keeps one small
     * pool of connections. Closing a view closes nothing; close the client it came from.
     */
    public LockServerClient withListener(LockClientListener other) {
        Objects.requireNonNull(other, "other");
        return new LockServerClient(server, other, answerTimeout, http, false);
    }

    public URI server() {
        return server;
    }

    /** Acquires {@code resource} for {@code ttl} if it is free; answers at once. */
    public AcquireOutcome acquire(String resource, String owner, Duration ttl) {
        return acquire(resource, owner, ttl, Duration.ZERO);
    }

    /**
     * Acquires {@code resource} for {@code ttl}, waiting up to {@code maxWait} in the server's first-come queue if it
     * is held. The server answers when the lock is handed over or the wait ends; this thread blocks until then.
     */
    public AcquireOutcome acquire(String resource, String owner, Duration ttl, Duration maxWait) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("ttl_ms", ttl.toMillis());
        if (!maxWait.isZero()) {
            body.put("wait_ms", maxWait.toMillis());
        }
        long sentAt = System.nanoTime();
        Map<String, Object> answer = call(lockPath(resource, "acquire"), body, maxWait, resource, owner,
                LockClientStep.BEFORE_ACQUIRE);
        AcquireOutcome outcome = acquireOutcome(resource, answer, ttl, sentAt);
        tell(outcome instanceof AcquireOutcome.Granted ? LockClientStep.ACQUIRE_GRANTED
                : LockClientStep.ACQUIRE_DENIED, resource, owner);
        return outcome;
    }

    /** Renews {@code grant} for its own TTL, counted from now. */
    public RenewOutcome renew(Grant grant) {
        if (!grant.expires()) {
            throw new IllegalArgumentException(grant + " came from setnx and has no TTL to renew; use renew(grant, ttl)");
        }
        return renew(grant, grant.ttl());
    }

    /** Renews {@code grant} for {@code ttl}, counted from now. A lease that has already run out is not renewed. */
    public RenewOutcome renew(Grant grant, Duration ttl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("holder_token", grant.holderToken());
        body.put("ttl_ms", ttl.toMillis());
        long sentAt = System.nanoTime();
        Map<String, Object> answer = call(lockPath(grant.resource(), "renew"), body, Duration.ZERO,
                grant.resource(), grant.owner(), LockClientStep.BEFORE_RENEW);
        RenewOutcome outcome = renewOutcome(grant.resource(), grant.owner(), grant.holderToken(), answer, ttl,
                sentAt);
        tell(outcome instanceof RenewOutcome.Renewed ? LockClientStep.RENEWED : LockClientStep.RENEW_NOT_HELD,
                grant.resource(), grant.owner());
        return outcome;
    }

    /** Releases {@code grant}'s lock; answers {@link NotHeld} when the lease had already ended. */
    public ReleaseOutcome release(Grant grant) {
        Map<String, Object> answer = call(lockPath(grant.resource(), "release"),
                Map.of("holder_token", grant.holderToken()), Duration.ZERO, grant.resource(), grant.owner(),
                LockClientStep.BEFORE_RELEASE);
        ReleaseOutcome outcome = "released".equals(answer.get("status"))
                ? new ReleaseOutcome.Released(grant.resource(), number(answer, "fencing_token"))
                : notHeld(grant.resource(), answer);
        tell(outcome instanceof ReleaseOutcome.Released ? LockClientStep.RELEASED : LockClientStep.RELEASE_NOT_HELD,
                grant.resource(), grant.owner());
        return outcome;
    }

    /**
     * UNSAFE on purpose: sets a lock that never expires, if none is set. Step one of the classic two-step mistake;
     * a crash before {@link #expire} leaves the lock set forever.
     */
    public AcquireOutcome setnx(String resource, String owner) {
        long sentAt = System.nanoTime();
        Map<String, Object> answer = call(lockPath(resource, "setnx"), Map.of("owner", owner), Duration.ZERO,
                resource, owner, LockClientStep.BEFORE_SETNX);
        AcquireOutcome outcome = acquireOutcome(resource, answer, Duration.ZERO, sentAt);
        tell(outcome instanceof AcquireOutcome.Granted ? LockClientStep.SETNX_GRANTED : LockClientStep.SETNX_DENIED,
                resource, owner);
        return outcome;
    }

    /**
     * UNSAFE on purpose: gives the lock held under {@code owner}'s name a TTL from now. Anyone who knows the owner's
     * name can do this.
     */
    public RenewOutcome expire(String resource, String owner, Duration ttl) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("owner", owner);
        body.put("ttl_ms", ttl.toMillis());
        long sentAt = System.nanoTime();
        Map<String, Object> answer = call(lockPath(resource, "expire"), body, Duration.ZERO, resource, owner,
                LockClientStep.BEFORE_EXPIRE);
        RenewOutcome outcome = renewOutcome(resource, owner, null, answer, ttl, sentAt);
        tell(outcome instanceof RenewOutcome.Renewed ? LockClientStep.EXPIRE_SET : LockClientStep.EXPIRE_NOT_HELD,
                resource, owner);
        return outcome;
    }

    /**
     * UNSAFE on purpose: releases the lock held under {@code owner}'s name, through the original workshop API.
     * Whoever knows the name can release it, also after the lease ran out and someone else got the lock... if that
     * someone uses the same name. Turned off on a {@code --strict} server ({@link LockRequestRejectedException}, 403).
     */
    public ReleaseOutcome releaseByOwner(String resource, String owner) {
        String target = "/release/" + encodeSegment(resource) + "?owner=" + URLEncoder.encode(owner,
                StandardCharsets.UTF_8);
        Map<String, Object> answer = exchange("POST", target, new byte[0], Duration.ZERO, resource, owner,
                LockClientStep.BEFORE_RELEASE_BY_OWNER);
        ReleaseOutcome outcome = "released".equals(answer.get("status"))
                ? new ReleaseOutcome.Released(resource, 0)
                : new NotHeld(resource, "not_held", resource + " is not held under the name " + owner);
        tell(outcome instanceof ReleaseOutcome.Released ? LockClientStep.RELEASED_BY_OWNER
                : LockClientStep.RELEASE_BY_OWNER_NOT_HELD, resource, owner);
        return outcome;
    }

    /** Every live lock on the server, sorted by resource. */
    public List<HeldLock> locks() {
        Map<String, Object> answer = get("/v1/locks");
        List<HeldLock> locks = new ArrayList<>();
        for (Object item : (List<?>) answer.get("locks")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> lock = (Map<String, Object>) item;
            locks.add(new HeldLock((String) lock.get("resource"), (String) lock.get("owner"),
                    number(lock, "fencing_token"), numberOr(lock, "expires_at_ms", HeldLock.NEVER),
                    numberOr(lock, "expires_in_ms", HeldLock.NEVER), (int) number(lock, "waiting")));
        }
        return locks;
    }

    /** The events after event number {@code afterSequence} (0 for all the server still remembers). */
    public EventPage events(long afterSequence) {
        Map<String, Object> answer = get("/v1/events?after=" + afterSequence + "&limit=1000");
        List<LockEvent> events = new ArrayList<>();
        for (Object item : (List<?>) answer.get("events")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = (Map<String, Object>) item;
            events.add(new LockEvent(number(event, "sequence"), number(event, "at_ms"),
                    LockEvent.Type.fromLabel((String) event.get("type")), (String) event.get("resource"),
                    (String) event.get("owner"), numberOr(event, "fencing_token", 0), (String) event.get("detail")));
        }
        return new EventPage(number(answer, "last_sequence"), events);
    }

    /** True when a lock server answers at this client's URL. */
    public boolean isServerUp() {
        try {
            return "ok".equals(get("/v1/health").get("status"));
        } catch (LockServerException e) {
            return false;
        }
    }

    /** Closes the idle connections. Calls after this throw. On a {@linkplain #withListener view} it does nothing. */
    @Override
    public void close() {
        if (ownsConnections) {
            http.close();
        }
    }

    private Map<String, Object> get(String target) {
        return exchange("GET", target, new byte[0], Duration.ZERO, "", "", null);
    }

    private Map<String, Object> call(String target, Map<String, Object> body, Duration wait, String resource,
                                     String owner, LockClientStep before) {
        byte[] json;
        try {
            json = JSON.std.asBytes(body);
        } catch (IOException e) {
            // The body holds strings and numbers only; failing to write them is a bug.
            throw new IllegalStateException("could not write " + body + " as JSON", e);
        }
        return exchange("POST", target, json, wait, resource, owner, before);
    }

    /** Sends one request, telling the listener before; returns the JSON of a 200 or 409 answer. */
    private Map<String, Object> exchange(String method, String target, byte[] body, Duration wait, String resource,
                                         String owner, LockClientStep before) {
        if (before != null) {
            tell(before, resource, owner);
        }
        String request = method + " " + server + target;
        KeepAliveHttpClient.Answer answer;
        try {
            answer = http.send(method, target, body, answerTimeout.plus(wait));
        } catch (ConnectException e) {
            throw new LockServerUnavailableException("No lock server answered at " + server + " (" + e.getMessage()
                    + "). Start one with ./lockstep lock-server, or point --server at a running one.", false, e);
        } catch (IOException e) {
            throw new LockServerUnavailableException("The connection to the lock server at " + server + " broke "
                    + "during " + request + " (" + e + "), so its outcome is unknown. Is the server still running? "
                    + "Start one with ./lockstep lock-server.", true, e);
        }
        Map<String, Object> json;
        try {
            json = JSON.std.mapFrom(answer.body());
            if (json == null) {
                throw new IOException("the body is empty");
            }
        } catch (IOException e) {
            throw new LockServerException("The server at " + server + " answered " + request + " with "
                    + answer.status() + " but not with JSON; is it a Lockstep lock server?", e);
        }
        if (answer.status() == 200 || answer.status() == 409) {
            return json;
        }
        throw new LockRequestRejectedException(request, answer.status(), String.valueOf(json.get("error")),
                String.valueOf(json.get("detail")));
    }

    private void tell(LockClientStep step, String resource, String owner) {
        listener.onStep(step, resource, owner);
    }

    private static AcquireOutcome acquireOutcome(String resource, Map<String, Object> answer, Duration ttl,
                                                 long sentAt) {
        if ("granted".equals(answer.get("status"))) {
            return new AcquireOutcome.Granted(new Grant(resource, (String) answer.get("owner"),
                    number(answer, "fencing_token"), (String) answer.get("holder_token"),
                    answer.get("expires_at_ms") == null ? Duration.ZERO : ttl,
                    numberOr(answer, "expires_at_ms", Grant.NEVER), sentAt));
        }
        AcquireOutcome.Reason reason = "wait_timed_out".equals(answer.get("reason"))
                ? AcquireOutcome.Reason.WAIT_TIMED_OUT : AcquireOutcome.Reason.LOCKED_BY_OTHER;
        return new AcquireOutcome.Denied(resource, (String) answer.get("holder"), reason,
                numberOr(answer, "expires_in_ms", HeldLock.NEVER));
    }

    private static RenewOutcome renewOutcome(String resource, String owner, String holderToken,
                                             Map<String, Object> answer, Duration ttl, long sentAt) {
        if (!"renewed".equals(answer.get("status"))) {
            return notHeld(resource, answer);
        }
        return new RenewOutcome.Renewed(new Grant(resource, owner, number(answer, "fencing_token"),
                holderToken == null ? "" : holderToken, ttl, number(answer, "expires_at_ms"), sentAt));
    }

    private static NotHeld notHeld(String resource, Map<String, Object> answer) {
        return new NotHeld(resource, String.valueOf(answer.get("reason")), String.valueOf(answer.get("detail")));
    }

    private static String lockPath(String resource, String action) {
        return "/v1/locks/" + encodeSegment(resource) + "/" + action;
    }

    /** Percent-encodes everything but letters, digits and {@code -._~}, so any name is one path segment. */
    static String encodeSegment(String text) {
        StringBuilder encoded = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "-._~".indexOf(c) >= 0) {
                encoded.append(c);
            } else {
                encoded.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return encoded.toString();
    }

    private static long number(Map<String, Object> json, String field) {
        Object value = json.get(field);
        if (!(value instanceof Number)) {
            throw new LockServerException("the lock server's answer lacks the number " + field + ": " + json, null);
        }
        return ((Number) value).longValue();
    }

    private static long numberOr(Map<String, Object> json, String field, long otherwise) {
        Object value = json.get(field);
        return value instanceof Number ? ((Number) value).longValue() : otherwise;
    }
}
