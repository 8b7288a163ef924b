package lockstep.workshop.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.live.QueueSnapshot;
import lockstep.workshop.live.QueueSnapshot.Place;
import lockstep.workshop.live.QueueSnapshot.Queue;
import lockstep.workshop.live.TimeOfDay;

/**
 * A look at the seats' queues of a lab (Lab 04) as text: for each seat, its places in line, first
 * (the holder) first, with the sequence number, the owner, the session, how long it has been there
 * and whom it watches; then the changes seen between looks. The herd shows at a glance: in a
 * correct queue every waiter watches the one before it, and the holder watches nothing.
 */
final class QueueView {

    private static final String ROW = "  %3s  %-10s  %-26s  %-17s  %-16s  %s";

    private QueueView() {
    }

    /** The look as lines of text, ending with a line break. */
    static String frame(Lab lab, QueueSnapshot look) {
        String now = TimeOfDay.of(look.takenAtMillis());
        List<String> lines = new ArrayList<>();
        if (look.serviceAnswered()) {
            lines.add(lab + ": " + look.source() + ", " + now);
            lines.add("");
            if (look.queues().isEmpty()) {
                lines.add("  nobody holds a lock or waits for one");
            }
            for (Queue queue : look.queues()) {
                lines.addAll(table(look, queue));
                lines.add("");
            }
        } else {
            lines.add(lab + ": " + look.problem());
            lines.add("");
        }
        lines.add("Recent changes (seen between looks)");
        if (look.changes().isEmpty()) {
            lines.add("  none yet");
        }
        look.changes().forEach(change -> lines.add("  " + TimeOfDay.of(change.atMillis()) + "  "
                + change.text()));
        return String.join(System.lineSeparator(), lines) + System.lineSeparator();
    }

    private static List<String> table(QueueSnapshot look, Queue queue) {
        List<String> rows = new ArrayList<>();
        rows.add(queue.seat() + ": held by " + queue.places().get(0).owner() + ", " + (queue.places().size() - 1)
                + " waiting");
        rows.add(String.format(Locale.ROOT, ROW, "#", "sequence", "owner (znode data)", "session", "in line", "watches"));
        for (int i = 0; i < queue.places().size(); i++) {
            Place place = queue.places().get(i);
            rows.add(String.format(Locale.ROOT, ROW, i + 1, place.sequence(), clip(place.owner(), 26),
                    QueueSnapshot.sessionName(place.sessionId()),
                    (i == 0 ? "holds " : "waits ") + look.inLineFor(place), place.watches()));
        }
        return rows;
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
