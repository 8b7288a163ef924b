package lockstep.workshop.lab;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every lab of the workshop, in course order: the one place the toolkit lists them. */
public final class LabCatalog {

    private static final List<Lab> LABS = List.of(
            new Lab(1, "lab01-ticket-race", "The ticket race", Lab.Need.DATABASE_ONLY),
            new Lab(2, "lab02-lock-server", "The TTL lock server", Lab.Need.LOCK_SERVER),
            new Lab(3, "lab03-ephemeral-znode", "A lock as one ephemeral znode", Lab.Need.ZOOKEEPER,
                    "A correct Lab 03 race is slow on purpose: every release wakes every waiting buyer (the herd),"
                            + " so 1,000 buyers take about 13 s here, some 10 times the starter's race, which is quick"
                            + " only because most of its buyers fail at once. A queue of sequential znodes, each waiter"
                            + " watching the one before it, wakes one; the lab's README says more."));

    private LabCatalog() {
    }

    public static List<Lab> all() {
        return LABS;
    }

    /** The lab with this number, if there is one. */
    public static Optional<Lab> find(int number) {
        return LABS.stream().filter(lab -> lab.number() == number).findFirst();
    }

    /** The lab whose seam class is {@code className}, if any. */
    public static Optional<Lab> bySeamClass(String className) {
        return LABS.stream().filter(lab -> lab.seamClassName().equals(className)).findFirst();
    }

    /**
     * The lab a learner typed: {@code 01}, {@code 1} or {@code lab01}.
     *
     * @throws IllegalArgumentException with a sentence that lists the labs there are
     */
    public static Lab parse(String text) {
        String digits = text == null ? "" : text.trim().toLowerCase().replaceFirst("^lab", "");
        if (!digits.matches("[0-9]{1,2}")) {
            throw new IllegalArgumentException("'" + text + "' is not a lab number. " + choices());
        }
        int number = Integer.parseInt(digits);
        return find(number).orElseThrow(() -> new IllegalArgumentException(
                "There is no lab " + String.format("%02d", number) + ". " + choices()));
    }

    private static String choices() {
        return "Labs: " + LABS.stream().map(lab -> lab.id() + " (" + lab.title() + ")")
                .collect(Collectors.joining(", ")) + ".";
    }
}
