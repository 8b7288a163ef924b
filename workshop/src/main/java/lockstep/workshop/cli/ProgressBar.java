package lockstep.workshop.cli;

import java.io.PrintWriter;
import lockstep.workshop.race.RaceListener;

/**
 * A one-line progress bar for a race, redrawn in place on the error stream, at most ten times a
 * second. It stays silent when nobody watches (output to a file or a pipe).
 */
final class ProgressBar implements RaceListener {

    private static final int WIDTH = 30;
    private static final long REDRAW_EVERY_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean visible;
    private long lastDrawn;

    ProgressBar(PrintWriter err, boolean visible) {
        this.err = err;
        this.visible = visible;
    }

    @Override
    public synchronized void started(int buyers) {
        if (visible) {
            err.print("\rAll nodes ready. " + buyers + " buyers press Buy...");
            err.flush();
        }
    }

    @Override
    public synchronized void answered(int answered, int buyers) {
        long now = System.nanoTime();
        if (!visible || (now - lastDrawn < REDRAW_EVERY_NANOS && answered < buyers)) {
            return;
        }
        lastDrawn = now;
        int filled = (int) ((long) WIDTH * answered / buyers);
        err.print("\r[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] " + answered + "/" + buyers + " answered ");
        err.flush();
    }

    @Override
    public synchronized void finished() {
        if (visible) {
            err.print("\r" + " ".repeat(WIDTH + 40) + "\r");
            err.flush();
        }
    }
}
