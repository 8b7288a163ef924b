package lockstep.workshop.lockserver.api;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads and writes the small JSON objects of the lock server's API, with jackson-jr.
 *
 * <p>Objects are written from {@link java.util.LinkedHashMap}s so fields appear in the documented order, which keeps
 * {@code curl} output readable and diffs in tests stable.
 */
final class Json {

    private static final JSON JSON_FORMAT = JSON.std.with(JSON.Feature.FAIL_ON_DUPLICATE_MAP_KEYS,
            // A field that can be null is written as null, so every answer of a kind has the same fields.
            JSON.Feature.WRITE_NULL_PROPERTIES);

    private Json() {
    }

    static String write(Object value) {
        try {
            return JSON_FORMAT.asString(value);
        } catch (IOException e) {
            // Only maps, lists, strings, numbers, booleans and nulls reach here; failing to write them is a bug.
            throw new UncheckedIOException("could not write " + value + " as JSON", e);
        }
    }

    /**
     * Parses a JSON object.
     *
     * @param example a request that would have been right, quoted in the error so the client sees how to fix it
     * @throws ApiError 400 {@code malformed_json} when the text is not one JSON object
     */
    static Map<String, Object> readObject(byte[] text, String example) {
        if (text.length == 0) {
            throw ApiError.badRequest("malformed_json",
                    "the request body is empty; send a JSON object such as " + example);
        }
        Object parsed;
        try {
            parsed = JSON_FORMAT.anyFrom(text);
        } catch (IOException | RuntimeException e) {
            throw ApiError.badRequest("malformed_json",
                    "the request body is not valid JSON (" + firstLine(e.getMessage()) + "); send an object such as "
                            + example);
        }
        if (!(parsed instanceof Map)) {
            throw ApiError.badRequest("malformed_json",
                    "the request body must be a JSON object, got " + describe(parsed) + "; send an object such as "
                            + example);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) parsed;
        return object;
    }

    private static String describe(Object value) {
        return value == null ? "null" : value instanceof String ? "a string" : value instanceof Number ? "a number"
                : value instanceof Boolean ? "a boolean" : "an array";
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
