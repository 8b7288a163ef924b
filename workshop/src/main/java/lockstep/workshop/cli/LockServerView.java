package lockstep.workshop.cli;

import java.util.List;
import java.util.Locale;
import lockstep.workshop.live.LockServerSnapshot;
import lockstep.workshop.live.TimeOfDay;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockEvent;

/**
 * What {@code lockstep visualize} prints for a lock server: every live lock with its owner, fencing token, time left
 * and queue, then the last few things that happened to locks; or, while the server does not answer, one sentence
 * that says so. It only draws: {@link lockstep.workshop.live.LockServerReader} does the looking.
 */
final class LockServerView {

    private LockServerView() {
    }

    /** One look as the terminal shows it, as lines of text. */
    static String frame(LockServerSnapshot look) {
        StringBuilder text = new StringBuilder();
        text.append("Lock server ").append(look.server()).append("   ").append(TimeOfDay.of(look.takenAtMillis()))
                .append('\n').append('\n');
        if (!look.serviceAnswered()) {
            return text.append(look.problem()).append('\n').toString();
        }
        appendLocks(text, look.locks());
        text.append('\n').append("Last events").append('\n');
        if (look.events().isEmpty()) {
            text.append("  none yet\n");
        }
        for (LockEvent event : look.events()) {
            text.append(String.format(Locale.ROOT, "  %s  %-8s %-16s %-14s %s%s%n", TimeOfDay.of(event.atMillis()),
                    event.type().label(), event.resource(), event.owner(),
                    event.fencingToken() == 0 ? "" : "#" + event.fencingToken() + "  ", event.detail()));
        }
        return text.toString();
    }

    private static void appendLocks(StringBuilder text, List<HeldLock> locks) {
        if (locks.isEmpty()) {
            text.append(LockServerSnapshot.noLocks()).append('\n');
            return;
        }
        text.append(String.format(Locale.ROOT, "  %-16s %-14s %13s %10s %8s%n", "LOCK", "OWNER", "FENCING TOKEN",
                "TIME LEFT", "WAITING"));
        for (HeldLock lock : locks) {
            text.append(String.format(Locale.ROOT, "  %-16s %-14s %13d %10s %8d%n", lock.resource(), lock.owner(),
                    lock.fencingToken(), LockServerSnapshot.timeLeft(lock), lock.waiting()));
        }
    }
}
