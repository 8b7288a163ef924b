package lockstep.workshop.cli;

import picocli.CommandLine.Command;

/** {@code lockstep bench}: measure the labs' locks side by side, or where a race's time goes. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchLocksCommand.class, BenchRedlockCommand.class, BenchRaceCommand.class},
        description = "Measure the labs' locks side by side (locks, redlock), or where a lab's race spends its time"
                + " (race), and print the figures.")
public final class BenchCommand extends CommandGroup {
}
