package lockstep.workshop.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep bench}: measure the labs' locks side by side, or where a race's time goes. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        subcommands = {BenchLocksCommand.class, BenchRedlockCommand.class, BenchRaceCommand.class},
        description = "Measure the labs' locks side by side (locks, redlock), or where a lab's race spends its time"
                + " (race), and print the figures.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** Without a subcommand there is nothing to do: show how to use it. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
