package lockstep.workshop.race;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import lockstep.workshop.faults.FaultEvent;
import lockstep.workshop.faults.ServerOutage;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Lab;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.LockHolder;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;

/**
 * Strikes a race's fault of the lock service ({@link Fault.Action#STOP_FOLLOWER}, {@link Fault.Action#STOP_LEADER},
 * {@link Fault.Action#STOP_QUORUM}) on the ZooKeeper ensemble the race owns, while the first buyer to reach the
 * fault's point waits there, holding its seat's lock. Nothing is left to luck: which member leads, and which member
 * the holder's session is connected to, are asked of the members; the holder is the session that owns the head of the
 * seat's lock queue, by ZooKeeper's word; and the buyer goes on only once the fault has landed as planned (the
 * ensemble serves again, the holder's session is connected again), which the report then says in words and numbers.
 *
 * <p>Members stopped for the rest of the race start again when it is over ({@link #close()}), so that the next race
 * on the same ensemble finds it whole.
 */
final class LockServiceStrike implements AutoCloseable {

    /** How long the members may take to elect a leader and serve again: an election takes about a second here. */
    private static final Duration SERVING_AGAIN_WITHIN = Duration.ofSeconds(30);
    /** The strike's own session only reads the lock queue before anything stops. */
    private static final Duration OBSERVER_SESSION = Duration.ofSeconds(30);

    private final Fault fault;
    private final EmbeddedZooKeeper ensemble;
    private final Lab lab;
    private final Map<String, String> seatOf = new HashMap<>();

    LockServiceStrike(RaceSetup setup) {
        this.fault = setup.plannedFault().orElseThrow();
        if (!fault.action().hitsTheLockService()) {
            throw new IllegalArgumentException("not a fault of the lock service: " + fault);
        }
        this.ensemble = setup.ownedEnsemble().orElseThrow(() -> new IllegalArgumentException("the fault '" + fault
                + "' stops servers of a ZooKeeper ensemble that the race owns, but the race was given none"));
        this.lab = setup.code().lab();
        setup.plan().allBuyers().forEach(buyer -> seatOf.put(buyer.id(), buyer.seat()));
    }

    /**
     * Strikes while {@code buyer} of {@code node} waits at the fault's point, and returns once the fault has landed,
     * when the buyer may go on. {@code struck} hears the report as soon as the servers have stopped.
     */
    FaultReport strikeUnder(String node, String buyer, RaceListener struck) throws InterruptedException {
        long at = System.nanoTime();
        try {
            Optional<LockHolder> holder = holderOfTheSeatOf(buyer);
            String landing = switch (fault.action()) {
                case STOP_FOLLOWER -> stopFollower(holder, buyer, node, at, struck);
                case STOP_LEADER -> stopLeader(holder, buyer, node, at, struck);
                case STOP_QUORUM -> stopQuorum(buyer, node, at, struck);
                default -> throw new IllegalStateException("not a fault of the lock service: " + fault);
            };
            return new FaultReport(fault, true, node, buyer, at, landing);
        } catch (IOException | KeeperException | RuntimeException e) {
            return new FaultReport(fault, false, node, buyer, at, "could not land: " + e.getMessage());
        }
    }

    /** Starts every member that is still stopped, so that the ensemble is whole for the next race. */
    @Override
    public void close() throws IOException {
        ServerOutage.restartStopped(ensemble);
    }

    private String stopFollower(Optional<LockHolder> holder, String buyer, String node, long at, RaceListener struck)
            throws IOException, InterruptedException {
        FaultEvent stop = ServerOutage.stopFollowerUnder(ensemble, holder.map(LockHolder::session).orElse(0L));
        struck.faultStruck(new FaultReport(fault, true, node, buyer, at, stop.target() + " stopped"));
        ensemble.awaitServing(SERVING_AGAIN_WITHIN);
        return stop.target() + " stopped; " + whenTheSessionWasBack(holder, buyer, stop);
    }

    private String stopLeader(Optional<LockHolder> holder, String buyer, String node, long at, RaceListener struck)
            throws IOException, InterruptedException {
        FaultEvent stop = ServerOutage.stopLeader(ensemble);
        struck.faultStruck(new FaultReport(fault, true, node, buyer, at, stop.target() + " stopped"));
        ensemble.awaitServing(SERVING_AGAIN_WITHIN);
        int newLeader = ensemble.leader();
        return stop.target() + " stopped; member " + newLeader + " led " + millisSince(stop.endNanos())
                + " ms later; " + whenTheSessionWasBack(holder, buyer, stop);
    }

    private String stopQuorum(String buyer, String node, long at, RaceListener struck)
            throws IOException, InterruptedException {
        FaultEvent stop = ServerOutage.stopQuorum(ensemble);
        struck.faultStruck(new FaultReport(fault, true, node, buyer, at, stop.target()));
        Thread.sleep(fault.pause().toMillis()); // the fault itself: how long the quorum stays gone
        FaultEvent restart = ServerOutage.restartStopped(ensemble);
        return stop.target() + ", for " + fault.pause().toMillis() + " ms; they served again "
                + restart.duration().toMillis() + " ms after they were started";
    }

    /** Waits, within a prompt event's budget, until the holder's session is connected again, and says when it was. */
    private String whenTheSessionWasBack(Optional<LockHolder> holder, String buyer, FaultEvent stop)
            throws InterruptedException {
        if (holder.isEmpty()) {
            return "the holder of " + buyer + "'s lock could not be found in ZooKeeper, so " + buyer + " went on at"
                    + " once";
        }
        OptionalInt member = ServerOutage.awaitSessionConnected(ensemble, holder.get().session(),
                Timing.forPromptEvent());
        String session = "the holder's session " + holder.get().sessionInHex();
        return member.isPresent()
                ? session + " was connected again, to member " + member.getAsInt() + ", " + millisSince(stop.endNanos())
                        + " ms after the stop"
                : session + " was not connected again within " + Timing.forPromptEvent().toSeconds() + " s";
    }

    /** The holder of the lock of {@code buyer}'s seat, read by a short session of our own before anything stops. */
    private Optional<LockHolder> holderOfTheSeatOf(String buyer) throws KeeperException, InterruptedException {
        String seat = seatOf.get(buyer);
        if (seat == null || lab.lockRoot().isEmpty()) {
            return Optional.empty();
        }
        ZooKeeper observer = ZooKeeperConnections.zooKeeper(ensemble.connectString(), OBSERVER_SESSION, event -> { });
        try {
            return LockHolder.of(observer, lab.lockName(seat));
        } finally {
            ZooKeeperConnections.closeQuietly(observer);
        }
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }
}
