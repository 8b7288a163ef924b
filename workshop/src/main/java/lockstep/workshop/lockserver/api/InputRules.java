package lockstep.workshop.lockserver.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import lockstep.workshop.lockserver.table.HolderTokens;

/**
 * What the server accepts as a resource name, an owner name, a TTL, a wait or a holder token, and the exact complaint
 * when a value breaks the rule.
 *
 * <p>Names are 1 to 128 printable ASCII characters. A resource name may not contain a space, since it travels in a URL
 * path; an owner name may (but may not be blank). Keeping names printable keeps the log, the status view and a
 * learner's terminal readable, and rules out control characters that could forge lines in any of them.
 */
public final class InputRules {

    private static final int MAX_NAME_LENGTH = 128;

    private static final BigDecimal ONE_MILLISECOND = new BigDecimal("0.001");

    private InputRules() {
    }

    static String resource(String name) {
        if (name == null || name.isEmpty()) {
            throw ApiError.badRequest("bad_resource",
                    "the resource name is empty; put it in the path, for example /v1/locks/seat-A1/acquire");
        }
        checkLength("resource", name);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c > '~') {
                throw ApiError.badRequest("bad_resource", "the resource name " + quote(name) + " has "
                        + describeChar(c) + " at position " + (i + 1)
                        + "; use printable ASCII without spaces, for example seat-A1");
            }
        }
        return name;
    }

    static String owner(String name) {
        if (name == null) {
            throw ApiError.badRequest("missing_owner",
                    "no owner was given; say who asks for the lock, for example owner=Node_Alpha");
        }
        if (name.isBlank()) {
            throw ApiError.badRequest("bad_owner",
                    "the owner name is blank; give a name such as Node_Alpha");
        }
        checkLength("owner", name);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < ' ' || c > '~') {
                throw ApiError.badRequest("bad_owner", "the owner name " + quote(name) + " has " + describeChar(c)
                        + " at position " + (i + 1) + "; use printable ASCII, for example Node_Alpha");
            }
        }
        return name;
    }

    /** The original API's {@code ttl}: a number of seconds, whole or decimal, given as text in the query. */
    static BigDecimal ttlSeconds(String text, Duration max) {
        BigDecimal seconds = null;
        // The length check comes first: a text like 1e-999999999 is a valid BigDecimal that is costly to round.
        if (text.length() <= 20) {
            try {
                seconds = new BigDecimal(text.strip());
            } catch (NumberFormatException e) {
                seconds = null;
            }
        }
        if (seconds == null) {
            throw ApiError.badRequest("bad_ttl", "ttl must be a number of seconds, got " + quote(text)
                    + "; for example ttl=5 or ttl=2.5");
        }
        if (seconds.compareTo(ONE_MILLISECOND) < 0 || seconds.compareTo(BigDecimal.valueOf(max.toMillis(), 3)) > 0) {
            throw ApiError.badRequest("bad_ttl", "ttl must be at least 0.001 and at most " + max.toSeconds()
                    + " seconds, got " + quote(text) + "; for example ttl=5");
        }
        return seconds;
    }

    /** Whole milliseconds in a checked {@link #ttlSeconds} value (sub-millisecond digits are dropped). */
    static long toMillis(BigDecimal seconds) {
        return seconds.movePointRight(3).setScale(0, RoundingMode.DOWN).longValueExact();
    }

    static long ttlMillis(Object value, Duration max) {
        return wholeMillis("ttl_ms", value, 1, max.toMillis(), "\"ttl_ms\": 5000");
    }

    static long waitMillis(Object value, Duration max) {
        if (value == null) {
            return 0;
        }
        return wholeMillis("wait_ms", value, 0, max.toMillis(), "\"wait_ms\": 10000");
    }

    static String holderToken(Object value) {
        if (value == null) {
            throw ApiError.badRequest("missing_holder_token", "no holder_token was given; send the holder_token "
                    + "that the grant answered, for example {\"holder_token\": \"3f2a…\"}");
        }
        if (!(value instanceof String) || !HolderTokens.looksLikeToken((String) value)) {
            throw ApiError.badRequest("bad_holder_token", "holder_token must be the " + HolderTokens.HEX_LENGTH
                    + " hex digits the grant answered, got " + quote(String.valueOf(value)));
        }
        return (String) value;
    }

    static String ownerField(Object value) {
        if (value != null && !(value instanceof String)) {
            throw ApiError.badRequest("bad_owner", "owner must be a JSON string such as \"Node_Alpha\", got " + value);
        }
        return owner((String) value);
    }

    private static long wholeMillis(String field, Object value, long min, long max, String example) {
        if (value == null) {
            throw ApiError.badRequest("missing_" + field, "no " + field + " was given; add " + example);
        }
        boolean whole = value instanceof Integer || value instanceof Long
                || value instanceof java.math.BigInteger;
        if (!whole) {
            throw ApiError.badRequest("bad_" + field, field + " must be a whole number of milliseconds, got "
                    + (value instanceof String ? quote((String) value) : value) + "; for example " + example);
        }
        BigDecimal millis = new BigDecimal(value.toString());
        if (millis.compareTo(BigDecimal.valueOf(min)) < 0 || millis.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw ApiError.badRequest("bad_" + field, field + " must be between " + min + " and " + max
                    + ", got " + value + "; for example " + example);
        }
        return millis.longValueExact();
    }

    private static void checkLength(String what, String name) {
        if (name.length() > MAX_NAME_LENGTH) {
            throw ApiError.badRequest("bad_" + what, "the " + what + " name is " + name.length()
                    + " characters long; the limit is " + MAX_NAME_LENGTH);
        }
    }

    private static String describeChar(char c) {
        return c == ' ' ? "a space" : String.format("the character U+%04X", (int) c);
    }

    /** Quotes a value for an error message, cut short and with control characters made visible. */
    public static String quote(String value) {
        StringBuilder shown = new StringBuilder("'");
        for (int i = 0; i < value.length() && i < 60; i++) {
            char c = value.charAt(i);
            shown.append(c >= ' ' && c <= '~' ? String.valueOf(c) : String.format("\\u%04x", (int) c));
        }
        return shown.append(value.length() > 60 ? "…'" : "'").toString();
    }
}
