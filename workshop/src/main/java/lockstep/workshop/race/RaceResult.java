package lockstep.workshop.race;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import lockstep.workshop.booking.AuditReport;

/**
 * How a race went: the setup, what the audit of the seat database found, and how long the buyers
 * took from the start signal to the last answer.
 */
public record RaceResult(RaceSetup setup, AuditReport audit, long durationMs) {

    /** The summary as one JSON object, for scripts and for {@code race --json}. */
    public String toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("lab", setup.code().lab().id());
        json.put("impl", setup.code().name());
        json.put("mode", setup.mode());
        json.put("buyers", setup.plan().buyers());
        json.put("nodes", setup.plan().nodes());
        json.put("seats", setup.plan().seats());
        json.put("sold", audit.sold());
        json.put("oversold", audit.oversold());
        json.put("chargedWithoutSeat", audit.chargedWithoutSeat());
        json.put("unanswered", audit.unanswered());
        json.put("booked", audit.booked());
        json.put("taken", audit.taken());
        json.put("failed", audit.failed());
        json.put("durationMs", durationMs);
        try {
            return JSON.std.asString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
