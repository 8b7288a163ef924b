package lockstep.workshop.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep zk}: run a ZooKeeper for the labs, and see what runs. */
@Command(name = "zk", mixinStandardHelpOptions = true,
        subcommands = {ZkStartCommand.class, ZkStatusCommand.class},
        description = "Run a ZooKeeper for the labs (no Docker needed), and see what runs.")
public final class ZkCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    /** For trying the command by hand until the root command takes it in. */

    /** Without a subcommand there is nothing to do: show how to use it. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }
}
