package lockstep.workshop.lab;

import java.util.Objects;

/**
 * One lab of the workshop, as the toolkit knows it.
 *
 * @param number  1, 2, 3 ...
 * @param folder  its folder under {@code labs/} and {@code solutions/}, for example {@code lab01-ticket-race}
 * @param title   its title, for example {@code The ticket race}
 * @param needs   the lock service its nodes use
 * @param raceNote a sentence the race table prints under its verdict, or empty: what a learner should know to read
 *                 this lab's race (for example, why a correct race is slow)
 */
public record Lab(int number, String folder, String title, Need needs, String raceNote) {

    /** The outside service a lab's nodes use besides the seat database. */
    public enum Need {
        /** Only the seat database. */
        DATABASE_ONLY,
        /** The TTL lock server. */
        LOCK_SERVER,
        /** ZooKeeper. */
        ZOOKEEPER
    }

    public Lab {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(needs, "needs");
        Objects.requireNonNull(raceNote, "raceNote");
        if (number < 1 || number > 99) {
            throw new IllegalArgumentException("a lab number is 1 to 99, but was " + number);
        }
    }

    /** A lab whose race needs no note. */
    public Lab(int number, String folder, String title, Need needs) {
        this(number, folder, title, needs, "");
    }

    /** The two-digit id learners type, for example {@code 01}. */
    public String id() {
        return String.format("%02d", number);
    }

    /** The package of the lab's code, for example {@code lockstep.lab01}. */
    public String packageName() {
        return "lockstep.lab" + id();
    }

    /** The class that implements {@link LabBooking} for this lab, for example {@code lockstep.lab01.Lab01}. */
    public String seamClassName() {
        return packageName() + ".Lab" + id();
    }

    @Override
    public String toString() {
        return "Lab " + id() + " · " + title;
    }
}
