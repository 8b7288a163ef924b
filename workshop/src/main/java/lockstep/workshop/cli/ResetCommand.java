package lockstep.workshop.cli;

import java.util.concurrent.Callable;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.Seats;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.seatserver.SharedSeatDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lockstep reset}: puts the seats of the book command's database back on sale. */
@Command(name = "reset", mixinStandardHelpOptions = true,
        description = "Empty the seat database that 'lockstep book' uses and put SEATS seats back on sale.")
public final class ResetCommand implements Callable<Integer> {

    static final int DEFAULT_SEATS = 1;

    @Spec
    private CommandSpec spec;

    @Option(names = "--seats", defaultValue = "" + DEFAULT_SEATS, description = "How many seats (default ${DEFAULT-VALUE}).")
    private int seats;

    @Mixin
    private DatabaseOption database;

    @Override
    public Integer call() throws Exception {
        if (seats < 1 || seats > 10_000) {
            throw new IllegalArgumentException("--seats must be 1 to 10000, but was " + seats);
        }
        SeatDatabase target = database.givenOrNull();
        if (target == null) {
            target = SharedSeatDatabase.of(WorkshopHome.current());
        }
        target.reset(seats);
        var labels = Seats.labels(seats);
        spec.commandLine().getOut().printf("%d seat%s on sale again (%s%s).%n", seats, seats == 1 ? "" : "s",
                labels.get(0), seats == 1 ? "" : " to " + labels.get(seats - 1));
        return 0;
    }
}
