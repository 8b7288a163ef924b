package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.sql.SQLException;
import lockstep.workshop.race.RaceException;
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
            LockServerCommand.class,
            VisualizeCommand.class,
            CommandLine.HelpCommand.class,
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:a check failed, or the seat was taken", "2:bad input",
                "3:a database or service is not available, or a race could not run", "4:a bug in lockstep"})
public final class Lockstep implements Runnable {

    public static final int BAD_INPUT = 2;
    public static final int UNAVAILABLE = 3;
    public static final int BUG = 4;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with every subcommand and the error handling; tests call it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new Lockstep());
        commandLine.setExecutionExceptionHandler(Lockstep::explain);
        commandLine.setParameterExceptionHandler(Lockstep::explainBadInput);
        return commandLine;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** A wrong flag or value: one sentence naming it, and where to read about the options. */
    private static int explainBadInput(CommandLine.ParameterException problem, String[] args) {
        CommandLine command = problem.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("lockstep " + command.getCommandName() + ": " + problem.getMessage());
        err.println("See './lockstep " + command.getCommandSpec().qualifiedName(" ").replaceFirst("^lockstep ", "")
                + " --help'.");
        err.flush();
        return BAD_INPUT;
    }

    private static int explain(Exception e, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (e instanceof IllegalArgumentException) {
            err.println("lockstep " + commandLine.getCommandName() + ": " + e.getMessage());
            err.println("See './lockstep " + commandLine.getCommandName() + " --help'.");
            return BAD_INPUT;
        }
        if (e instanceof IllegalStateException || e instanceof RaceException || e instanceof SQLException) {
            err.println("lockstep " + commandLine.getCommandName() + ": " + e.getMessage());
            return UNAVAILABLE;
        }
        err.println("lockstep " + commandLine.getCommandName() + " failed unexpectedly; this is a bug in lockstep:");
        e.printStackTrace(err);
        return BUG;
    }
}
