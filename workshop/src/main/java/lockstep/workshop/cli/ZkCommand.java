package lockstep.workshop.cli;

import picocli.CommandLine.Command;

/** {@code lockstep zk}: run a ZooKeeper for the labs, and see what runs. */
@Command(name = "zk", mixinStandardHelpOptions = true,
        subcommands = {ZkStartCommand.class, ZkStatusCommand.class},
        description = "Run a ZooKeeper for the labs (no Docker needed), and see what runs.")
public final class ZkCommand extends CommandGroup {
}
