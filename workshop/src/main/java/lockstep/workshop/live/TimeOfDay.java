package lockstep.workshop.live;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The one way the live views write a moment: the local time of day to the millisecond, {@code 14:03:07.250}. */
public final class TimeOfDay {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private TimeOfDay() {
    }

    /** {@code epochMillis} as a time of day in this machine's zone. */
    public static String of(long epochMillis) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(epochMillis), ZoneId.systemDefault()).format(CLOCK);
    }
}
