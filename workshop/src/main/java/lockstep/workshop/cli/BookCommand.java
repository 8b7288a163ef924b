package lockstep.workshop.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lab.WorkshopHome;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.redis.RedisServerStatus;
import lockstep.workshop.redis.RedisUnavailableException;
import lockstep.workshop.seatserver.SharedSeatDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import redis.clients.jedis.HostAndPort;

/** {@code lockstep book}: one node, one buyer, every step printed. Run it in two terminals at once. */
@Command(name = "book", mixinStandardHelpOptions = true,
        description = {"One node tries to book one seat, printing each step as it happens.",
                "Run it in two terminals at the same moment with different --id values: both share one seat"
                        + " database, so you can watch who wins. './lockstep reset' puts the seats back on sale.",
                "Labs with a lock server (02) use the one at --server: start it first with"
                        + " './lockstep lock-server' in a terminal of its own. Redis labs (07) lock on the servers at"
                        + " --redis: start them first with './lockstep redis start'."})
public final class BookCommand implements Callable<Integer> {

    /** Long enough to switch terminals and press Enter in the second one. */
    static final long DEFAULT_PAYMENT_MS = 2000;

    /** How long each Redis server may take to say it is there before {@code book} starts. */
    private static final Duration REDIS_ANSWER_TIMEOUT = Duration.ofSeconds(1);

    /** How long {@code --wait} waits for a lock: long enough to watch a TTL run out, short enough to notice a hang. */
    static final Duration WAIT_FOR_THE_LOCK = Duration.ofSeconds(60);

    @Spec
    private CommandSpec spec;

    @Option(names = "--lab", required = true, paramLabel = "NN", converter = LabConverter.class,
            description = "Which lab's booking code to run, for example 01.")
    private Lab lab;

    @Option(names = "--id", required = true, paramLabel = "NAME",
            description = "This node's and buyer's name, for example Node_Alpha.")
    private String id;

    @Option(names = "--seat", defaultValue = "A1", description = "The seat to buy (default ${DEFAULT-VALUE}).")
    private String seat;

    @Option(names = "--payment-ms", defaultValue = "" + DEFAULT_PAYMENT_MS,
            description = "How long the card charge takes, in milliseconds (default ${DEFAULT-VALUE}).")
    private long paymentMillis;

    @Mixin
    private LockServerOption lockServer;

    @Option(names = "--wait",
            description = "Wait up to 60 s for the lock instead of asking once, in labs whose lock waits at most the"
                    + " time it is given (book says so when a lab ignores --wait). Your code decides whether it"
                    + " honours that: the Lab 02 starter cannot wait, and Lab 03's lock always waits.")
    private boolean waitForTheLock;

    @Option(names = "--timeline", paramLabel = "FILE.html",
            description = "Also write this booking's picture (this node's steps on the clock) as one HTML page.")
    private Path timeline;

    @Mixin
    private CodeOptions code;

    @Mixin
    private DatabaseOption database;

    /** For ZooKeeper labs: the server both terminals share (`./lockstep zk start` in a third). */
    @Mixin
    private ZkOption zk;

    /** For Redis labs: the servers both terminals share (`./lockstep redis start` in a third). */
    @Mixin
    private RedisOption redis;

    @Override
    public Integer call() throws Exception {
        Buyer buyer = parseBuyer();
        if (paymentMillis < 0 || paymentMillis > 600_000) {
            throw new IllegalArgumentException("--payment-ms must be 0 to 600000, but was " + paymentMillis);
        }
        UnusedOptions.warn(spec, lab, spec.commandLine().getErr());
        SeatDatabase given = database.givenOrNull();
        Services services = servicesForBooking();
        Implementation implementation = code.resolve(lab);
        SeatDatabase seats = given != null ? given : sharedBookingDatabase();
        requireSeatOnSale(seats, buyer.seat());
        seats.registerBuyer(buyer, id);

        var out = spec.commandLine().getOut();
        out.printf("%s, %s: %s wants seat %s.%n", lab, CodeOptions.describe(implementation), id, buyer.seat());
        out.flush();
        StepPrinter printer = new StepPrinter(out);
        lockstep.workshop.grading.History history = new lockstep.workshop.grading.History(); // for --timeline
        lockstep.workshop.booking.StepListener steps = lockstep.workshop.booking.StepListener.all(List.of(printer, history));
        PaymentProvider payments = new PaymentProvider(Duration.ofMillis(paymentMillis));
        Answer answer;
        Duration lockWait = waitForTheLock ? WAIT_FOR_THE_LOCK : Duration.ZERO;
        try (BookingNode node = implementation.load().openNode(new NodeContext(lab, id, services, steps, lockWait));
             TicketCounter counter = new TicketCounter(id, seats, payments, steps)) {
            answer = counter.serve(node, buyer);
        }
        String sentence = id + ": " + sentenceFor(answer, seats.chargesOf(id));
        out.println(sentence);
        if (timeline != null) {
            out.println("Timeline: " + lockstep.workshop.timeline.TimelinePage.write(lockstep.workshop.timeline.Timeline.of(
                    lab + ", " + id, answer instanceof Answer.Booked, sentence, List.of(id), history, null), timeline));
        }
        return answer instanceof Answer.Booked ? ExitCodes.OK : ExitCodes.FAILED_CHECK;
    }

    /**
     * The lock service this lab's node talks to. For ZooKeeper the lab's node connects itself, and a
     * server that does not answer fails fast with a sentence saying how to start one.
     */
    private Services servicesForBooking() {
        return new Services(lab.needs(Lab.Service.ZOOKEEPER) ? zk.connectString() : null,
                lab.needs(Lab.Service.LOCK_SERVER) ? lockServerThatAnswers() : null,
                lab.needs(Lab.Service.REDIS) ? redisThatAnswers() : null);
    }

    /**
     * The {@code --redis} servers, once at least one answers; otherwise one clear sentence. Those that do not answer
     * are named, and the booking goes on: a Redis lab's lock may still win a majority of the others.
     */
    private String redisThatAnswers() {
        List<HostAndPort> servers = redis.addresses();
        List<HostAndPort> silent = servers.stream()
                .filter(server -> !RedisServerStatus.of(server, REDIS_ANSWER_TIMEOUT).answering()).toList();
        if (silent.size() == servers.size()) {
            throw new RedisUnavailableException(silent, REDIS_ANSWER_TIMEOUT, null);
        }
        if (!silent.isEmpty()) {
            var err = spec.commandLine().getErr();
            err.println("Redis at " + String.join(", ", silent.stream().map(HostAndPort::toString).toList())
                    + (silent.size() == 1 ? " does" : " do") + " not answer; " + (servers.size() - silent.size())
                    + " of " + servers.size() + " do. Booking anyway: a lock on a majority of the servers is all"
                    + " Redlock needs.");
            err.flush();
        }
        return Services.redis(servers).redis();
    }

    /** The {@code --server} URL, once a lock server answers there; otherwise one clear sentence. */
    private String lockServerThatAnswers() {
        java.net.URI url = lockServer.uri();
        try (LockServerClient client = LockServerClient.connect(url)) {
            if (!client.isServerUp()) {
                throw new IllegalStateException("No lock server answers at " + lockServer.text() + ". Start one in"
                        + " another terminal with './lockstep lock-server', or point --server at one that runs.");
            }
        }
        return lockServer.text();
    }

    private Buyer parseBuyer() {
        if (!id.matches("[A-Za-z0-9_.-]{1,40}")) {
            throw new IllegalArgumentException("--id must be 1 to 40 letters, digits, '_', '.' or '-'"
                    + " (for example Node_Alpha), but was '" + id + "'");
        }
        try {
            return new Buyer(id, seat);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--seat: " + e.getMessage());
        }
    }

    /** The seat database every terminal's {@code book} shares, through one seat server (it starts one if needed). */
    private static SeatDatabase sharedBookingDatabase() {
        return SharedSeatDatabase.of(WorkshopHome.current());
    }

    private static void requireSeatOnSale(SeatDatabase seats, String seat) throws Exception {
        List<String> hall = seats.seats();
        if (!hall.contains(seat)) {
            throw new IllegalArgumentException("--seat " + seat + " is not in the hall (seats: " + hall
                    + "). Put more seats on sale with ./lockstep reset --seats N.");
        }
    }

    private static String sentenceFor(Answer answer, int charges) {
        if (answer instanceof Answer.Booked booked) {
            return "booked seat " + booked.seat() + ". The booking is complete.";
        }
        String charged = charges == 0 ? "No charge was made." : "Yet the card was charged " + charges + " time(s)!";
        if (answer instanceof Answer.Taken taken) {
            return "seat " + taken.seat() + " is taken. " + charged;
        }
        return "the booking failed: " + ((Answer.Failed) answer).reason() + ". " + charged;
    }
}
