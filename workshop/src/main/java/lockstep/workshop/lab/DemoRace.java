package lockstep.workshop.lab;

import java.util.Objects;

/**
 * How {@code lockstep demo} races a lab, its starter beside its reference solution: under which of the lab's named
 * faults, and what that race shows. Many labs' lessons are in a fault: without one, a lock that never expires or a
 * holder that trusts a stale view races correctly, because nothing ever crashes, pauses or stops.
 *
 * @param faultName  one of the lab's named faults ({@code race --fault NAME}), or empty for a race without a fault
 * @param shows      one short sentence under the demo's table: what the race shows of the starter's mistake, or,
 *                   without a fault, why none is needed and where the mistake shows instead
 */
public record DemoRace(String faultName, String shows) {

    public DemoRace {
        Objects.requireNonNull(faultName, "faultName");
        Objects.requireNonNull(shows, "shows");
    }

    /** A demo race under the lab's fault called {@code faultName}. */
    public static DemoRace under(String faultName, String shows) {
        if (faultName.isBlank()) {
            throw new IllegalArgumentException("a demo race under a fault names it, but the name was blank");
        }
        return new DemoRace(faultName, shows);
    }

    /** A demo race without a fault: the starter's mistake shows without one, or in no race at all. */
    public static DemoRace withoutFault(String shows) {
        return new DemoRace("", shows);
    }

    /** Whether the race has a fault. */
    public boolean hasFault() {
        return !faultName.isEmpty();
    }
}
