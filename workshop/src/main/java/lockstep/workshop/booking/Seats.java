package lockstep.workshop.booking;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Seat labels: row A, numbered from 1, so a hall of three seats is A1, A2, A3. */
public final class Seats {

    private static final Pattern LABEL = Pattern.compile("[A-Z][1-9][0-9]{0,5}");

    private Seats() {
    }

    /** The labels of a hall with {@code count} seats. */
    public static List<String> labels(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a hall needs at least 1 seat, but was " + count);
        }
        List<String> labels = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            labels.add("A" + i);
        }
        return labels;
    }

    /** Whether {@code label} looks like a seat label such as {@code A1}. */
    public static boolean isValidLabel(String label) {
        return label != null && LABEL.matcher(label).matches();
    }
}
