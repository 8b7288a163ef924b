package lockstep.workshop.race;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.redis.RedisServers;

/**
 * Everything that decides how one race runs. Start from {@link #of} and change what you need:
 * {@code RaceSetup.of(code).buyers(1000).nodes(10).seats(1).inProcesses()}.
 *
 * @param code             the booking code the nodes run
 * @param plan             buyers, nodes and seats
 * @param countersPerNode  how many buyers one node serves at the same time, each on its own connections
 * @param paymentTime      how long one card charge takes
 * @param processes        true: every node is a separate JVM; false: a thread group in this JVM
 * @param services         the lock services the nodes use
 * @param database         the database to use (its tables are reset), or null for a fresh embedded one
 * @param steps            hears every step of every buyer, also from node processes
 * @param fault            a fault to place on the booking path, or null
 * @param ensemble         the ZooKeeper ensemble the race owns (its services' connect string), for a fault that stops
 *                         its servers; or null
 * @param redisServers     the Redis servers the race started for itself, which a Redis fault strikes; null when the
 *                         race uses no Redis, or servers someone else runs
 */
public record RaceSetup(
        Implementation code,
        RacePlan plan,
        int countersPerNode,
        Duration paymentTime,
        boolean processes,
        Services services,
        SeatDatabase database,
        StepListener steps,
        Fault fault,
        EmbeddedZooKeeper ensemble,
        RedisServers redisServers) {

    /** Buyers one node serves at once by default: a small booking server's worker pool. */
    public static final int DEFAULT_COUNTERS = 8;
    /** The longest a correct race goes without any step, with room to spare on a busy laptop. */
    private static final Duration QUIET_AT_MOST = Duration.ofSeconds(15);
    /** More node processes than this would not fit a laptop's memory. */
    public static final int MAX_PROCESSES = 32;

    public RaceSetup {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(paymentTime, "paymentTime");
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(steps, "steps");
        if (countersPerNode < 1 || countersPerNode > 64) {
            throw new IllegalArgumentException("--counters must be 1 to 64, but was " + countersPerNode);
        }
        if (processes && plan.nodes() > MAX_PROCESSES) {
            throw new IllegalArgumentException("--nodes must be at most " + MAX_PROCESSES
                    + " with --processes (each node is a JVM), but was " + plan.nodes());
        }
        new PaymentProvider(paymentTime); // validates the time
        if (fault != null && fault.hitsANode() && !processes) {
            throw new IllegalArgumentException("a fault hits a node process, so a race with a fault needs --processes");
        }
    }

    /** One buyer, one node, one seat, threads, the default payment time. */
    public static RaceSetup of(Implementation code) {
        return new RaceSetup(code, new RacePlan(1, 1, 1), DEFAULT_COUNTERS, PaymentProvider.DEFAULT_PAYMENT_TIME,
                false, Services.NONE, null, StepListener.NONE, null, null, null);
    }

    public RaceSetup buyers(int buyers) {
        return withPlan(new RacePlan(buyers, plan.nodes(), plan.seats()));
    }

    public RaceSetup nodes(int nodes) {
        return withPlan(new RacePlan(plan.buyers(), nodes, plan.seats()));
    }

    public RaceSetup seats(int seats) {
        return withPlan(new RacePlan(plan.buyers(), plan.nodes(), seats));
    }

    public RaceSetup counters(int counters) {
        return new RaceSetup(code, plan, counters, paymentTime, processes, services, database, steps, fault,
                ensemble, redisServers);
    }

    public RaceSetup paymentTime(Duration time) {
        return new RaceSetup(code, plan, countersPerNode, time, processes, services, database, steps, fault,
                ensemble, redisServers);
    }

    public RaceSetup inProcesses() {
        return inProcesses(true);
    }

    public RaceSetup inProcesses(boolean separateJvms) {
        return new RaceSetup(code, plan, countersPerNode, paymentTime,
                separateJvms || (fault != null && fault.hitsANode()), services, database, steps, fault,
                ensemble, redisServers);
    }

    /**
     * Places {@code newFault} on the booking path. A fault that hits a node hits its process, so the nodes become
     * separate JVMs; a fault of the lock service hits the race's {@link #ensemble}, and the nodes stay as they are.
     */
    public RaceSetup fault(Fault newFault) {
        return new RaceSetup(code, plan, countersPerNode, paymentTime,
                processes || (newFault != null && newFault.hitsANode()), services, database, steps,
                newFault, ensemble, redisServers);
    }

    /** The fault given with {@link #fault}, if any. */
    public Optional<Fault> plannedFault() {
        return Optional.ofNullable(fault);
    }

    /** The Redis servers this race's nodes use, started for it alone: a Redis fault strikes them. */
    public RaceSetup redisServers(RedisServers started) {
        return new RaceSetup(code, plan, countersPerNode, paymentTime, processes, services, database, steps, fault,
                ensemble, started);
    }

    /** The Redis servers given with {@link #redisServers}, if any. */
    public Optional<RedisServers> startedRedisServers() {
        return Optional.ofNullable(redisServers);
    }

    public RaceSetup services(Services newServices) {
        return new RaceSetup(code, plan, countersPerNode, paymentTime, processes, newServices, database, steps, fault,
                ensemble, redisServers);
    }

    public RaceSetup database(SeatDatabase newDatabase) {
        return new RaceSetup(code, plan, countersPerNode, paymentTime, processes, services, newDatabase, steps, fault,
                ensemble, redisServers);
    }

    public RaceSetup steps(StepListener listener) {
        return new RaceSetup(code, plan, countersPerNode, paymentTime, processes, services, database, listener, fault,
                ensemble, redisServers);
    }

    /**
     * The ZooKeeper ensemble the race's services run on, owned by whoever started it (a grader, {@code lockstep race}),
     * for a fault that stops its servers. Its connect string must be the services' ZooKeeper.
     */
    public RaceSetup ensemble(EmbeddedZooKeeper newEnsemble) {
        return new RaceSetup(code, plan, countersPerNode, paymentTime, processes, services, database, steps, fault,
                newEnsemble, redisServers);
    }

    /** The ensemble given with {@link #ensemble}, if any. */
    public Optional<EmbeddedZooKeeper> ownedEnsemble() {
        return Optional.ofNullable(ensemble);
    }

    /** The database given with {@link #database}, if any. */
    public Optional<SeatDatabase> givenDatabase() {
        return Optional.ofNullable(database);
    }

    /**
     * How long a race may go without any buyer taking a step before it counts as stopped: far longer than any quiet
     * moment of a correct race (a crashed holder's session expiring takes about 4 s here), plus the payment time and
     * the planned fault's pause, which are quiet by design.
     */
    public Duration stallAfter() {
        Duration pause = fault == null ? Duration.ZERO : fault.pause();
        return lockstep.workshop.grading.Timing.scaled(QUIET_AT_MOST).plus(paymentTime.multipliedBy(2)).plus(pause);
    }

    /** threads or processes, as the summary shows it. */
    public String mode() {
        return processes ? "processes" : "threads";
    }

    private RaceSetup withPlan(RacePlan newPlan) {
        return new RaceSetup(code, newPlan, countersPerNode, paymentTime, processes, services, database, steps, fault,
                ensemble, redisServers);
    }
}
