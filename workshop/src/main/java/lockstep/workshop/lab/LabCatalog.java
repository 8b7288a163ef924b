package lockstep.workshop.lab;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import lockstep.workshop.lab.specs.Lab01Spec;
import lockstep.workshop.lab.specs.Lab02Spec;
import lockstep.workshop.lab.specs.Lab03Spec;
import lockstep.workshop.lab.specs.Lab04Spec;
import lockstep.workshop.lab.specs.Lab05Spec;
import lockstep.workshop.lab.specs.Lab06Spec;
import lockstep.workshop.lab.specs.Lab07Spec;
import lockstep.workshop.lab.specs.Lab08Spec;

/** Every lab of the workshop, in course order: the one place the toolkit lists them. Each lab's facts are in its spec. */
public final class LabCatalog {

    private static final List<Lab> LABS = List.of(Lab01Spec.SPEC, Lab02Spec.SPEC, Lab03Spec.SPEC, Lab04Spec.SPEC,
            Lab05Spec.SPEC, Lab06Spec.SPEC, Lab07Spec.SPEC, Lab08Spec.SPEC);

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
