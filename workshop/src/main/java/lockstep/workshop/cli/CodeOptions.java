package lockstep.workshop.cli;

import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Implementations;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.WorkshopHome;
import picocli.CommandLine.Option;

/** {@code --impl}: whose booking code a command runs. Shared by book, race and grade. */
final class CodeOptions {

    @Option(names = "--impl", paramLabel = "CODE", defaultValue = Implementations.LEARNER,
            description = "Whose code to run: learner (yours, in labs/; the default), solution (the reference"
                    + " solution), or the name of a known-buggy variant kept in solutions/LAB/variants/.")
    String impl;

    Implementation resolve(Lab lab) {
        return new Implementations(WorkshopHome.current()).named(lab, impl);
    }

    /** How a table names the code: "your code (labs/...)" or "reference solution". */
    static String describe(Implementation code) {
        return switch (code.name()) {
            case Implementations.LEARNER -> "your code (labs/" + code.lab().folder() + ")";
            case Implementations.SOLUTION -> "reference solution";
            default -> "known-buggy variant " + code.name();
        };
    }
}
