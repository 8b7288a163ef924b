package lockstep.workshop.lockserver.log;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import lockstep.workshop.lockserver.table.Lease;
import lockstep.workshop.lockserver.table.LogRecord;

/**
 * Turns {@link LogRecord}s into log lines and back.
 *
 * <p>A line is a CRC-32C of the JSON in 8 hex digits, a space, the JSON, and a newline:
 * <pre>{@code 1c9a3f07 {"type":"granted","resource":"seat-A1","owner":"Node_Alpha","fencing_token":7,...}}</pre>
 * JSON keeps the log readable with {@code cat} while learning; the checksum tells a line that was only partly written
 * when the machine died (a torn write) from a good one.
 */
final class LogCodec {

    /** A lease without expiry is written as {@code null}, so the field is there, as in every other line. */
    private static final JSON JSON_FORMAT = JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES);

    private LogCodec() {
    }

    static byte[] encode(LogRecord record) {
        byte[] json;
        try {
            json = JSON_FORMAT.asBytes(toMap(record));
        } catch (IOException e) {
            // Only maps, lists, strings, numbers and nulls reach here; failing to write them is a bug.
            throw new UncheckedIOException("could not write " + record + " as JSON", e);
        }
        CRC32C crc = new CRC32C();
        crc.update(json);
        byte[] line = new byte[9 + json.length + 1];
        byte[] checksum = (HexFormat.of().toHexDigits((int) crc.getValue()) + " ").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(checksum, 0, line, 0, 9);
        System.arraycopy(json, 0, line, 9, json.length);
        line[line.length - 1] = '\n';
        return line;
    }

    /**
     * Reads one line (without its newline).
     *
     * @throws IOException when the checksum does not match or the JSON is not a record: a torn or damaged line
     */
    static LogRecord decode(byte[] bytes, int from, int to) throws IOException {
        if (to - from < 10 || bytes[from + 8] != ' ') {
            throw new IOException("a log line must start with an 8-digit checksum and a space");
        }
        long expected;
        try {
            expected = Long.parseLong(new String(bytes, from, 8, StandardCharsets.US_ASCII), 16);
        } catch (NumberFormatException e) {
            throw new IOException("the checksum of a log line is not hex", e);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, from + 9, to - from - 9);
        if (crc.getValue() != expected) {
            throw new IOException("the checksum of a log line does not match its content");
        }
        byte[] json = java.util.Arrays.copyOfRange(bytes, from + 9, to);
        try {
            return fromMap(JSON_FORMAT.mapFrom(json));
        } catch (IOException | RuntimeException e) {
            throw new IOException("a log line with a good checksum is not a record: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> toMap(LogRecord record) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (record instanceof LogRecord.Checkpoint) {
            LogRecord.Checkpoint checkpoint = (LogRecord.Checkpoint) record;
            map.put("type", "checkpoint");
            map.put("last_fencing_token", checkpoint.lastFencingToken());
            List<Object> leases = new ArrayList<>();
            for (Lease lease : checkpoint.leases()) {
                leases.add(leaseFields(lease, new LinkedHashMap<>()));
            }
            map.put("leases", leases);
        } else if (record instanceof LogRecord.Granted) {
            map.put("type", "granted");
            leaseFields(((LogRecord.Granted) record).lease(), map);
        } else if (record instanceof LogRecord.Renewed) {
            LogRecord.Renewed renewed = (LogRecord.Renewed) record;
            map.put("type", "renewed");
            map.put("resource", renewed.resource());
            map.put("fencing_token", renewed.fencingToken());
            map.put("expires_at_ms", expiry(renewed.expiresAtMillis()));
        } else {
            LogRecord.Released released = (LogRecord.Released) record;
            map.put("type", "released");
            map.put("resource", released.resource());
            map.put("fencing_token", released.fencingToken());
        }
        return map;
    }

    private static Map<String, Object> leaseFields(Lease lease, Map<String, Object> map) {
        map.put("resource", lease.resource());
        map.put("owner", lease.owner());
        map.put("fencing_token", lease.fencingToken());
        map.put("holder_token", lease.holderToken());
        map.put("expires_at_ms", expiry(lease.expiresAtMillis()));
        return map;
    }

    private static LogRecord fromMap(Map<String, Object> map) {
        String type = (String) map.get("type");
        switch (type) {
            case "checkpoint": {
                List<Lease> leases = new ArrayList<>();
                for (Object lease : (List<?>) map.get("leases")) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> fields = (Map<String, Object>) lease;
                    leases.add(lease(fields));
                }
                return new LogRecord.Checkpoint(number(map, "last_fencing_token"), leases);
            }
            case "granted":
                return new LogRecord.Granted(lease(map));
            case "renewed":
                return new LogRecord.Renewed((String) map.get("resource"), number(map, "fencing_token"),
                        expiryFrom(map.get("expires_at_ms")));
            case "released":
                return new LogRecord.Released((String) map.get("resource"), number(map, "fencing_token"));
            default:
                throw new IllegalArgumentException("unknown record type " + type);
        }
    }

    private static Lease lease(Map<String, Object> map) {
        return new Lease((String) map.get("resource"), (String) map.get("owner"), number(map, "fencing_token"),
                (String) map.get("holder_token"), expiryFrom(map.get("expires_at_ms")));
    }

    private static long number(Map<String, Object> map, String field) {
        return ((Number) map.get(field)).longValue();
    }

    /** A lock without expiry is written as {@code null}, never as a huge number a reader might take literally. */
    private static Object expiry(long expiresAtMillis) {
        return expiresAtMillis == Lease.NEVER ? null : expiresAtMillis;
    }

    private static long expiryFrom(Object value) {
        return value == null ? Lease.NEVER : ((Number) value).longValue();
    }
}
