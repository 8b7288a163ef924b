package lockstep.workshop.cli;

import picocli.CommandLine.Command;

/**
 * {@code lockstep redis}: run Redis servers for the labs, and see which answer. It does nothing itself, so picocli
 * refuses it without a subcommand, as bad input that points at its help.
 */
@Command(name = "redis", mixinStandardHelpOptions = true,
        subcommands = {RedisStartCommand.class, RedisStatusCommand.class},
        description = "Run real Redis servers for the labs (no Docker needed), and see which answer.")
public final class RedisCommand {
}
