package lockstep.workshop.race;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import lockstep.workshop.lab.Lab;

/**
 * The named faults of every lab, in one place: what {@code race --fault NAME} accepts, what its help lists, and what
 * each lab's README describes. A lab without an entry has no named faults.
 */
public final class LabFaults {

    private static final Map<Integer, List<NamedFault>> FAULTS = Map.of(
            2, List.of(
                    new NamedFault("crash-between-setnx-and-expire", Fault.killAt("lock-granted"),
                            "The first buyer to get the lock has its node killed (SIGKILL) at that instant. With"
                                    + " setnx then expire, the lock is set and its expiry never is: the seat stays"
                                    + " locked for ever. An atomic acquire with a TTL frees it when the TTL runs out."),
                    new NamedFault("holder-pause-longer-than-ttl", Fault.pauseAt("charging", Duration.ofSeconds(5)),
                            "The first buyer to start paying has its node frozen (SIGSTOP) for 5 s, longer than the"
                                    + " 2 s TTL, so its lease runs out and the next buyer gets the lock. A correct"
                                    + " holder notices when it wakes up and confirms nothing.")));

    private LabFaults() {
    }

    /** The named faults of {@code lab}, in the order its README lists them; empty when it has none. */
    public static List<NamedFault> of(Lab lab) {
        return FAULTS.getOrDefault(lab.number(), List.of());
    }

    /**
     * The fault of {@code lab} called {@code name}.
     *
     * @throws IllegalArgumentException with a sentence that lists the names there are
     */
    public static NamedFault named(Lab lab, String name) {
        List<NamedFault> faults = of(lab);
        return faults.stream().filter(fault -> fault.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(faults.isEmpty()
                        ? lab + " has no named faults; --fault works with the labs that have a lock service."
                        : "--fault must be one of " + names(faults) + " for " + lab + ", but was '" + name + "'."));
    }

    /** Every lab's faults as help text: one line per fault, for {@code race --help}. */
    public static List<String> helpLines(List<Lab> labs) {
        return labs.stream().flatMap(lab -> of(lab).stream().map(fault -> "  --lab " + lab.id() + " --fault "
                + fault.name() + ": " + fault.description())).toList();
    }

    private static String names(List<NamedFault> faults) {
        return faults.stream().map(NamedFault::name).collect(Collectors.joining(", "));
    }
}
