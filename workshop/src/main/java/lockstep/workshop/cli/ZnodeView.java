package lockstep.workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.live.TimeOfDay;
import lockstep.workshop.live.ZnodeSnapshot;
import lockstep.workshop.live.ZnodeSnapshot.LockZnode;

/**
 * What {@code lockstep visualize} prints for the lock znodes of a ZooKeeper lab: a table with, for each lock, who
 * holds it (the owner written in the znode's data, and the session that owns the ephemeral znode), that session's
 * timeout, how long it has been held, its fencing token (the znode's creation zxid), how many wait in its queue, and
 * how many other sessions watch it (the waiters, in Lab 03). A lock held too long is marked {@code !}, with a sentence
 * under the table. Then the changes seen between frames. A seat's queue of sequential znodes (Labs 05 and 08) is shown
 * in order: the holder as {@code A1}, the waiters as {@code A1 #2}, {@code A1 #3} ... It only draws: {@link
 * lockstep.workshop.live.ZnodeReader} does the looking.
 */
final class ZnodeView {

    private ZnodeView() {
    }

    /** One look as the terminal shows it: its lines, the first one after the lab's name. */
    static String frame(Lab lab, ZnodeSnapshot look) {
        List<String> lines = lines(look);
        return lab + ": " + String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    /** One look as lines of text; the first says what was looked at, or why nothing could be. */
    static List<String> lines(ZnodeSnapshot look) {
        List<String> lines = new ArrayList<>();
        if (look.serviceAnswered()) {
            lines.add(look.source() + ", " + TimeOfDay.of(look.takenAtMillis()));
            lines.add("");
            lines.addAll(table(look));
        } else {
            lines.add(look.problem());
        }
        lines.add("");
        lines.add("Recent changes (seen between frames)");
        if (look.changes().isEmpty()) {
            lines.add("  none yet");
        }
        look.changes().forEach(change -> lines.add("  " + TimeOfDay.of(change.atMillis()) + "  " + change.text()));
        return lines;
    }

    private static List<String> table(ZnodeSnapshot look) {
        if (look.locks().isEmpty()) {
            return List.of("  no lock is held");
        }
        List<String> rows = new ArrayList<>();
        rows.add(String.format("%-2s%-8s %-28s %-20s %9s %9s %12s %7s %9s", "", "lock", "holder (znode data)",
                "session", "timeout", "held for", "fence", "in line", "watchers"));
        for (LockZnode lock : look.locks()) {
            rows.add(String.format(Locale.ROOT, "%-2s%-8s %-28s %-20s %9s %9s %12s %7s %9s",
                    look.isHeldTooLong(lock) ? "!" : "", lock.name(), clip(lock.owner(), 28),
                    lock.isEphemeral() ? ZnodeSnapshot.sessionName(lock.sessionId()) : "none: PERSISTENT",
                    ZnodeSnapshot.timeout(lock), look.heldFor(lock), ZnodeSnapshot.fence(lock),
                    lock.isWaiter() ? "" : String.valueOf(look.waitingInLine(lock)),
                    lock.watchers() == ZnodeSnapshot.UNKNOWN ? "?" : String.valueOf(lock.watchers())));
        }
        List<String> flags = look.locks().stream().map(look::heldTooLongWarning).filter(flag -> !flag.isEmpty())
                .toList();
        if (!flags.isEmpty()) {
            rows.add("");
            flags.forEach(flag -> rows.add("! " + flag));
        }
        if (look.locks().stream().anyMatch(LockZnode::isWaiter)) {
            rows.add("");
            rows.add("  #2, #3 ...: buyers waiting in that seat's queue, in order (held for: how long they have waited).");
            rows.add("  Each waiter watches the znode just before its own, so a release wakes one of them.");
        }
        return rows;
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
