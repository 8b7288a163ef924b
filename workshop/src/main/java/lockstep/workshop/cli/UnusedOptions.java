package lockstep.workshop.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.lab.Lab;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * Says, in one line, when an option was given that the chosen lab does not use ({@code --zk} for Lab 01, say), so
 * that nobody believes their race ran against the server they named.
 */
final class UnusedOptions {

    private UnusedOptions() {
    }

    /** Warns on {@code err} about each option of {@code spec}'s command line that {@code lab} ignores. */
    static void warn(CommandSpec spec, Lab lab, PrintWriter err) {
        ParseResult given = spec.commandLine().getParseResult();
        List<String> ignored = new ArrayList<>();
        if (!lab.needs(Lab.Service.ZOOKEEPER) && given.hasMatchedOption("--zk")) {
            ignored.add("--zk (for ZooKeeper labs)");
        }
        if (!lab.needs(Lab.Service.LOCK_SERVER) && given.hasMatchedOption("--server")) {
            ignored.add("--server (for lock-server labs)");
        }
        if (!lab.needs(Lab.Service.REDIS) && given.hasMatchedOption("--redis")) {
            ignored.add("--redis (for Redis labs)");
        }
        if (!lab.timedLock() && given.hasMatchedOption("--wait")) {
            ignored.add("--wait (for labs whose lock waits at most a given time)");
        }
        if (!ignored.isEmpty()) {
            err.println("lockstep " + spec.name() + ": " + lab + " does not use " + String.join(" or ", ignored)
                    + ", so " + (ignored.size() == 1 ? "it is" : "they are") + " ignored.");
            err.flush();
        }
    }
}
