package lockstep.workshop.booking;

import java.util.Objects;

/**
 * What a buyer is told after pressing "Buy". Every buyer must get exactly one answer; a buyer
 * who gets none counts as unanswered in the audit.
 */
public sealed interface Answer {

    /** The buyer got the seat and holds a confirmation. */
    record Booked(String seat) implements Answer {
        public Booked {
            Objects.requireNonNull(seat, "seat");
        }

        @Override
        public String toString() {
            return "booked " + seat;
        }
    }

    /** The seat was sold to someone else; the buyer must not have been charged. */
    record Taken(String seat) implements Answer {
        public Taken {
            Objects.requireNonNull(seat, "seat");
        }

        @Override
        public String toString() {
            return "taken " + seat;
        }
    }

    /** The attempt could not finish (an error, a lost lock); the buyer must not have been charged. */
    record Failed(String reason) implements Answer {
        public Failed {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public String toString() {
            return "failed (" + reason + ")";
        }
    }

    static Answer booked(String seat) {
        return new Booked(seat);
    }

    static Answer taken(String seat) {
        return new Taken(seat);
    }

    static Answer failed(String reason) {
        return new Failed(reason);
    }

    /** One word for tables and the database: booked, taken or failed. */
    default String kind() {
        if (this instanceof Booked) {
            return "booked";
        }
        return this instanceof Taken ? "taken" : "failed";
    }
}
