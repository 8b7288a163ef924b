package lockstep.workshop.race;

import java.util.Objects;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.StaleWrites;

/**
 * What a race proves, in one line: which rule of a correct sale broke first, or that none did. The rules, in the
 * order they are checked: no stale write accepted (judged by fenced resources, Lab 06); no seat sold twice; nobody
 * charged without a seat; nobody given a ticket without paying; nobody charged twice; every buyer answered; nobody told
 * "failed" (a buyer who lost must hear "taken"); every seat that had buyers sold.
 *
 * <p>A fault excuses what it causes on the node it hit: the buyers of a killed node cannot answer, and a node that was
 * paused past its lease may rightly give up. A fault of the lock service (servers of the ensemble stop) hits every
 * node, and excuses as many buyers told "failed" as its lab says a correct lock may lose to it ({@link Fault#mayLose()});
 * more were lost to it than that ({@code LOST}). A fault that never struck makes the race inconclusive about it, and so
 * does a pause after which nothing stale reached a fenced resource: it never tested the fence.
 *
 * @param correct  whether every rule held
 * @param label    one word for tables: CORRECT, STALE, OVERSOLD, WRONG, LOST, UNSOLD or INCONCLUSIVE
 * @param sentence the rule that broke and the numbers, or what held
 */
public record RaceVerdict(boolean correct, String label, String sentence) {

    public RaceVerdict {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(sentence, "sentence");
    }

    /** The verdict on {@code result}. */
    public static RaceVerdict of(RaceResult result) {
        AuditReport audit = result.audit();
        FaultReport fault = result.fault();
        boolean killed = fault != null && fault.fired() && fault.fault().action() == Fault.Action.KILL;
        String hitNode = fault != null && fault.fired() && fault.fault().harms() ? fault.node() : null;
        StaleWrites stale = audit.staleWrites();
        if (stale.accepted() > 0) {
            return wrong("STALE", (stale.accepted() == 1 ? "1 stale write was" : stale.accepted() + " stale writes were")
                    + " accepted (" + String.join(", ", stale.examples()) + "): a buyer whose lock had passed to a"
                    + " newer holder wrote, and the resource took it. Asking isHeld() before a write cannot prevent"
                    + " that; a resource that checks a fencing token refuses it.");
        }
        if (audit.oversold() > 0) {
            var worst = audit.worstSeat();
            return wrong("OVERSOLD", audit.oversold() + " " + sales(audit.oversold()) + " too many (seat "
                    + worst.getKey() + " went to " + worst.getValue().size() + " buyers): more than one buyer holds a"
                    + " confirmation for the same seat.");
        }
        if (audit.chargedWithoutSeat() > 0) {
            return wrong("WRONG", buyers(audit.chargedWithoutSeat()) + " paid but got no seat (for example "
                    + audit.chargedBuyers() + ").");
        }
        if (audit.bookedWithoutCharge() > 0) {
            return wrong("WRONG", buyers(audit.bookedWithoutCharge()) + " got a ticket without paying for it (for"
                    + " example " + audit.unpaidBuyers() + ").");
        }
        if (audit.chargedTwice() > 0) {
            return wrong("WRONG", buyers(audit.chargedTwice()) + " had their card charged more than once (for"
                    + " example " + audit.twiceChargedBuyers() + ").");
        }
        if (audit.unanswered() > 0 && !killed) {
            return wrong("WRONG", buyers(audit.unanswered()) + " never got an answer.");
        }
        int failed = hitNode == null ? audit.failed() : audit.failedElsewhereThan(hitNode);
        boolean ofTheLockService = fault != null && fault.fired() && fault.fault().action().hitsTheLockService();
        if (ofTheLockService && failed > fault.fault().mayLose()) {
            return wrong("LOST", failed + " of " + audit.buyers() + " buyers were told 'failed' through the fault ("
                    + fault.fault() + "), which a lock that rides it out survives losing at most "
                    + fault.fault().mayLose() + ". Each was turned away while the seat was still for sale.");
        }
        if (failed > 0 && !ofTheLockService) {
            return wrong("WRONG", failed + " of " + audit.buyers() + " buyers were told 'failed'"
                    + (hitNode == null ? "" : " on nodes the fault did not hit") + ". A buyer who loses the race must"
                    + " hear 'taken'; 'failed' means the code gave up without knowing whether the seat was free.");
        }
        int wanted = Math.min(audit.capacity(), audit.buyers() - audit.unanswered());
        if (audit.sold() < wanted && !killed) {
            return wrong("UNSOLD", (wanted - audit.sold()) + " of " + audit.capacity() + " " + seats(audit.capacity())
                    + " stayed unsold, though buyers wanted them. Was a lock left behind?");
        }
        if (fault != null && !fault.fired()) {
            return new RaceVerdict(false, "INCONCLUSIVE", "Nothing broke, but the fault (" + fault.fault()
                    + ") never struck" + (fault.landing().isEmpty() ? "" : " (it " + fault.landing() + ")")
                    + ", so this race says nothing about it.");
        }
        if (paused(fault) && stale.fenced() && stale.attempted() == 0) {
            return new RaceVerdict(false, "INCONCLUSIVE", "Nothing broke, but after the pause struck " + hitNode
                    + " no stale write reached the resources (its holder woke before the next holder wrote, or wrote"
                    + " nothing), so this race says nothing about the fence.");
        }
        String excused = killed ? " (except the killed node's, which cannot answer)"
                : ofTheLockService && failed > 0 ? " (except " + buyers(failed) + " lost to the fault, as many as it"
                        + " may cost)"
                : hitNode != null && audit.failed() > 0 ? " (the paused node's " + audit.failed() + " gave up, as they"
                        + " should)" : "";
        String fenced = stale.refused() == 0 ? "" : " The resources refused " + (stale.refused() == 1
                ? "1 stale write." : stale.refused() + " stale writes.");
        return new RaceVerdict(true, "CORRECT", "no seat sold twice, nobody charged without a seat or booked without"
                + " paying, every buyer answered booked or taken" + excused + "." + fenced);
    }

    /** The verdict as the race table prints it: {@code LABEL: sentence}. */
    @Override
    public String toString() {
        return label + ": " + sentence;
    }

    private static boolean paused(FaultReport fault) {
        return fault != null && fault.fired() && fault.fault().action() == Fault.Action.PAUSE;
    }

    private static RaceVerdict wrong(String label, String sentence) {
        return new RaceVerdict(false, label, sentence);
    }

    private static String buyers(int count) {
        return count == 1 ? "1 buyer" : count + " buyers";
    }

    private static String sales(int count) {
        return count == 1 ? "seat sale" : "seat sales";
    }

    private static String seats(int count) {
        return count == 1 ? "seat" : "seats";
    }
}
