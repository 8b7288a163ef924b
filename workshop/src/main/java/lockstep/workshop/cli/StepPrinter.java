package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.booking.StepListener;

/** Prints each step of a booking as it happens, with the wall-clock time, for {@code lockstep book}. */
final class StepPrinter implements StepListener {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final PrintWriter out;

    StepPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public synchronized void on(StepEvent event) {
        if (event.step() == Step.ANSWERED) {
            return; // the command prints the answer itself, as its last line
        }
        // A lock client's finer point (setnx-granted, acquire-granted) says which call it was.
        String point = event.point().equals(event.step().label()) ? "" : "  (" + event.point() + ")";
        out.printf("%s  %-12s %-15s %s%s%n", LocalTime.now().format(TIME), event.node(), event.step().words(),
                event.detail(), point);
        out.flush();
    }
}
