package lockstep.workshop.race;

import java.util.Optional;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;

/**
 * The lines a node process and the race's coordinator exchange. The node writes its lines on
 * standard output with a prefix, so that anything else the lab's code prints passes through as
 * ordinary output; the coordinator writes {@code GO} on the node's standard input.
 *
 * <pre>
 * node → coordinator   @@lockstep READY
 *                      @@lockstep ANSWER buyer-0042 booked
 *                      @@lockstep STEP node-03 buyer-0042 CHARGING charging 123456789 A1
 *                      @@lockstep AT setnx-granted buyer-0042   (reached the fault's point; waits)
 *                      @@lockstep FROZE 123456789 3200         (this JVM stood still 3,200 ms from that nanoTime)
 *                      @@lockstep DONE
 *                      @@lockstep FAILED why
 * coordinator → node   GO
 *                      CONTINUE                                (one buyer waiting at the point may go on)
 * </pre>
 */
final class NodeProtocol {

    static final String PREFIX = "@@lockstep ";
    static final String READY = "READY";
    static final String ANSWER = "ANSWER";
    static final String STEP = "STEP";
    static final String DONE = "DONE";
    static final String FAILED = "FAILED";
    static final String AT = "AT";
    static final String FROZE = "FROZE";
    static final String GO = "GO";
    static final String CONTINUE = "CONTINUE";

    private NodeProtocol() {
    }

    static String line(String... words) {
        return PREFIX + String.join(" ", words);
    }

    static String stepLine(StepEvent event) {
        return line(STEP, event.node(), event.buyer(), event.step().name(), event.point(),
                Long.toString(event.nanoTime()), event.detail().replace('\n', ' '));
    }

    static String frozeLine(Freeze freeze) {
        return line(FROZE, Long.toString(freeze.nanoTime()), Long.toString(freeze.length().toMillis()));
    }

    static Freeze freeze(String node, String[] words) {
        return new Freeze(node, Long.parseLong(words[1]), java.time.Duration.ofMillis(Long.parseLong(words[2])));
    }

    /** The words of a protocol line, or empty for ordinary output. */
    static Optional<String[]> parse(String line) {
        if (!line.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return Optional.of(line.substring(PREFIX.length()).split(" ", 7));
    }

    static StepEvent stepEvent(String[] words) {
        String detail = words.length > 6 ? words[6] : "";
        return new StepEvent(words[1], words[2], Step.valueOf(words[3]), words[4], detail, Long.parseLong(words[5]));
    }
}
