package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import lockstep.workshop.race.RaceException;
import lockstep.workshop.race.RaceStalledException;
import lockstep.workshop.redis.RedisUnavailableException;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code lockstep} command line. {@code main} only wires the subcommands together; each lives
 * in a class of its own. Errors a learner can fix (a wrong flag, a missing service) end with one
 * sentence and a non-zero exit code; anything else is a bug and prints its stack trace.
 */
@Command(name = "lockstep", mixinStandardHelpOptions = true, version = "Lockstep 1.0",
        description = "Lockstep: a hands-on workshop on distributed locking. Start with './lockstep list'.",
        subcommands = {
            ListCommand.class,
            BookCommand.class,
            RaceCommand.class,
            GradeCommand.class,
            HintCommand.class,
            DemoCommand.class,
            ResetCommand.class,
            ZkCommand.class,
            RedisCommand.class,
            LockServerCommand.class,
            VisualizeCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class,
        })
public final class Lockstep implements Runnable {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand and the error handling; tests call it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Lockstep());
        commandLine.setExecutionExceptionHandler(Lockstep::explain);
        commandLine.setParameterExceptionHandler(Lockstep::explainBadInput);
        showExitCodes(commandLine);
        return commandLine;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Every command's help ends with the one exit-code table. */
    private static void showExitCodes(CommandLine command) {
        command.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.table());
        command.getSubcommands().values().forEach(Lockstep::showExitCodes);
    }

    /**
     * A wrong flag or value: one sentence naming it, the command as typed, picocli's "did you mean" when it has one,
     * and the help to read.
     */
    private static int explainBadInput(CommandLine.ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(asTyped(command) + ": " + problem.getMessage());
        if (problem instanceof CommandLine.UnmatchedArgumentException unmatched) {
            CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err);
        }
        err.println("See '" + helpOf(command) + "'.");
        err.flush();
        return ExitCodes.BAD_INPUT;
    }

    private static int explain(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof IllegalArgumentException) {
            err.println(asTyped(commandLine) + ": " + e.getMessage());
            err.println("See '" + helpOf(commandLine) + "'.");
            return ExitCodes.BAD_INPUT;
        }
        if (e instanceof RaceStalledException) {
            err.println(asTyped(commandLine) + ": " + e.getMessage());
            return ExitCodes.FAILED_CHECK;
        }
        if (e instanceof IllegalStateException || e instanceof RaceException || e instanceof SQLException
                || e instanceof ZooKeeperUnavailableException || e instanceof RedisUnavailableException) {
            err.println(asTyped(commandLine) + ": " + e.getMessage());
            return ExitCodes.UNAVAILABLE;
        }
        if (e instanceof InterruptedException) {
            err.println(asTyped(commandLine) + ": interrupted.");
            return ExitCodes.INTERRUPTED;
        }
        err.println(asTyped(commandLine) + " failed unexpectedly; this is a bug in lockstep:");
        e.printStackTrace(err);
        return ExitCodes.BUG;
    }

    /** The command as the learner typed it: {@code lockstep zk start}, or just {@code lockstep}. */
    private static String asTyped(CommandLine command) {
        return command.getCommandSpec().qualifiedName(" ");
    }

    /** The help command of {@code command}, as a learner types it from the workshop folder. */
    private static String helpOf(CommandLine command) {
        return "./" + asTyped(command) + " --help";
    }
}
