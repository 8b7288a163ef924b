package lockstep.workshop.race;

import java.util.Objects;

/**
 * A fault with a name an instructor can type ({@code race --fault crash-between-setnx-and-expire}) and a sentence
 * that says what it shows.
 *
 * @param name         lower-case words joined by hyphens
 * @param fault        where it lands and what it does
 * @param description  one or two sentences: what happens, and what a correct solution does about it
 */
public record NamedFault(String name, Fault fault, String description) {

    public NamedFault {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fault, "fault");
        Objects.requireNonNull(description, "description");
        if (!name.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
            throw new IllegalArgumentException("a fault's name is lower-case words joined by hyphens, but was '"
                    + name + "'");
        }
    }
}
