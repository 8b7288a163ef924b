package lockstep.workshop.cli;

import picocli.CommandLine.Command;

/** {@code lockstep bench}: measure the labs' locks side by side. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchLocksCommand.class},
        description = "Measure the labs' locks side by side, in one run, and print the figures.")
public final class BenchCommand extends CommandGroup {
}
