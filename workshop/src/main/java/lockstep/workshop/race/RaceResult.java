package lockstep.workshop.race;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.grading.History;

/**
 * How a race went: the setup, what the audit of the seat database found, how long the buyers took
 * from the start signal to the last answer, where the planned fault landed (null without one), and
 * every step of every buyer on the race's one clock (the history the timeline page draws).
 */
public record RaceResult(RaceSetup setup, AuditReport audit, long durationMs, FaultReport fault, History history) {

    public RaceResult {
        Objects.requireNonNull(history, "history");
    }

    public RaceResult(RaceSetup setup, AuditReport audit, long durationMs) {
        this(setup, audit, durationMs, null);
    }

    /** A result without a recorded history (an empty one). */
    public RaceResult(RaceSetup setup, AuditReport audit, long durationMs, FaultReport fault) {
        this(setup, audit, durationMs, fault, new History());
    }

    /** Which rule of a correct sale broke first, or that none did. */
    public RaceVerdict verdict() {
        return RaceVerdict.of(this);
    }

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
        json.put("bookedWithoutCharge", audit.bookedWithoutCharge());
        json.put("chargedTwice", audit.chargedTwice());
        json.put("twoHolders", history.overlaps().size());
        json.put("staleWritesAccepted", audit.staleWrites().accepted());
        json.put("staleWritesRefused", audit.staleWrites().refused());
        json.put("unanswered", audit.unanswered());
        json.put("booked", audit.booked());
        json.put("taken", audit.taken());
        json.put("failed", audit.failed());
        json.put("durationMs", durationMs);
        if (fault != null) {
            json.put("fault", fault.fault().toString());
            json.put("faultFired", fault.fired());
            json.put("faultHit", fault.node());
            json.put("faultLanding", fault.landing());
        }
        RaceVerdict verdict = verdict();
        json.put("correct", verdict.correct());
        json.put("verdict", verdict.label());
        json.put("why", verdict.sentence());
        try {
            return JSON.std.asString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
