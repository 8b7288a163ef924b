package lockstep.workshop.faults;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ServerStatus;

/**
 * Stops one server of an {@link EmbeddedZooKeeper}, or its leader, and starts it again. Its
 * clients lose their connection at once and reconnect to another member, keeping their sessions
 * (and locks) if they get there within their session timeout; a stopped leader makes the others
 * elect a new one first. With a majority of members stopped, no member serves, and sessions expire.
 *
 * <p>Who leads, and which member a session is connected to, is asked of the members themselves
 * ({@code srvr} and {@code cons}), never assumed, and each step says in its event what it found.
 */
public final class ServerOutage {

    /** How often to ask the members again while waiting for them to change. */
    private static final Duration LOOK_EVERY = Duration.ofMillis(10);

    private ServerOutage() {
    }

    /** Stops member {@code member} (numbered from 0); returns once its sockets are closed. */
    public static FaultEvent stop(EmbeddedZooKeeper zooKeeper, int member) {
        long start = System.nanoTime();
        String target = describe(zooKeeper, member);
        zooKeeper.stop(member);
        return FaultEvent.since("stop server", target, start);
    }

    /** Finds the leader (waiting for an election under way to end) and stops it. */
    public static FaultEvent stopLeader(EmbeddedZooKeeper zooKeeper) {
        long start = System.nanoTime();
        int leader = zooKeeper.leader();
        String target = describe(zooKeeper, leader) + ", the leader";
        zooKeeper.stop(leader);
        return FaultEvent.since("stop leader", target, start);
    }

    /**
     * Stops a follower under {@code session}: the member it is connected to, if that member is a follower, so that
     * its client is cut off and must move; otherwise (it is on the leader, or on no member just now) the first
     * follower. The event's target says which, and whether it was the session's own.
     *
     * @throws IllegalStateException for a standalone server, which has no followers
     */
    public static FaultEvent stopFollowerUnder(EmbeddedZooKeeper zooKeeper, long session) {
        long start = System.nanoTime();
        int leader = zooKeeper.leader();
        OptionalInt itsMember = zooKeeper.memberConnectedTo(session);
        boolean itsOwn = itsMember.isPresent() && itsMember.getAsInt() != leader;
        int follower = itsOwn ? itsMember.getAsInt() : firstRunningOtherThan(zooKeeper, leader);
        zooKeeper.stop(follower);
        String whose = itsOwn ? "the one session " + hex(session) + " was connected to"
                : "not the one session " + hex(session) + " was connected to ("
                        + (itsMember.isPresent() ? "it was on the leader" : "it was on no member") + ")";
        return FaultEvent.since("stop follower", describe(zooKeeper, follower) + ", a follower, " + whose, start);
    }

    /**
     * Stops the leader and as many followers as it takes to leave fewer than a majority running (two of three), and
     * returns once every member still running says it is not serving: no quorum, no reads, no writes, no session
     * kept alive. Start them again with {@link #restartStopped}.
     *
     * @throws IllegalStateException for a standalone server, or if a running member still serves after 30 s
     */
    public static FaultEvent stopQuorum(EmbeddedZooKeeper zooKeeper) throws InterruptedException {
        long start = System.nanoTime();
        int leader = zooKeeper.leader();
        List<Integer> stopped = new ArrayList<>(List.of(leader));
        zooKeeper.stop(leader);
        while (runningCount(zooKeeper) > zooKeeper.size() / 2) {
            int follower = firstRunningOtherThan(zooKeeper, leader);
            zooKeeper.stop(follower);
            stopped.add(follower);
        }
        awaitNoneServing(zooKeeper, Duration.ofSeconds(30));
        String members = stopped.stream().map(member -> describe(zooKeeper, member)
                + (member == leader ? " (the leader)" : "")).collect(Collectors.joining(" and "));
        return FaultEvent.since("stop quorum", members + "; the rest serve nobody", start);
    }

    /**
     * Waits until {@code session} is connected to a running member again, as the members report it.
     *
     * @return the member it is on, or empty if it was not back within {@code budget} (its client may have given the
     *         session up, or be slow to reconnect)
     */
    public static OptionalInt awaitSessionConnected(EmbeddedZooKeeper zooKeeper, long session, Duration budget)
            throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (true) {
            OptionalInt member = zooKeeper.memberConnectedTo(session);
            if (member.isPresent() || System.nanoTime() - deadline > 0) {
                return member;
            }
            Thread.sleep(LOOK_EVERY.toMillis());
        }
    }

    /**
     * Starts member {@code member} again with its data; returns once the running members serve,
     * if they are a majority (see {@link EmbeddedZooKeeper#restart}).
     */
    public static FaultEvent restart(EmbeddedZooKeeper zooKeeper, int member) throws IOException {
        long start = System.nanoTime();
        zooKeeper.restart(member);
        return FaultEvent.since("restart server", describe(zooKeeper, member), start);
    }

    /** Starts every stopped member again; returns once all serve. */
    public static FaultEvent restartStopped(EmbeddedZooKeeper zooKeeper) throws IOException {
        long start = System.nanoTime();
        StringBuilder restarted = new StringBuilder();
        for (int member = 0; member < zooKeeper.size(); member++) {
            if (!zooKeeper.isRunning(member)) {
                zooKeeper.restart(member);
                restarted.append(restarted.length() == 0 ? "" : ", ").append(describe(zooKeeper, member));
            }
        }
        return FaultEvent.since("restart servers", restarted.length() == 0 ? "none stopped" : restarted.toString(), start);
    }

    private static int firstRunningOtherThan(EmbeddedZooKeeper zooKeeper, int leader) {
        for (int member = 0; member < zooKeeper.size(); member++) {
            if (member != leader && zooKeeper.isRunning(member)) {
                return member;
            }
        }
        throw new IllegalStateException("no member but the leader runs in the " + zooKeeper);
    }

    private static int runningCount(EmbeddedZooKeeper zooKeeper) {
        int running = 0;
        for (int member = 0; member < zooKeeper.size(); member++) {
            running += zooKeeper.isRunning(member) ? 1 : 0;
        }
        return running;
    }

    /** A follower that loses its leader stops serving within moments; we wait for its own word. */
    private static void awaitNoneServing(EmbeddedZooKeeper zooKeeper, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (zooKeeper.status().stream().anyMatch(ServerStatus::isServing)) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("a member still served " + budget.toSeconds() + " s after the quorum"
                        + " was stopped: " + zooKeeper.status());
            }
            Thread.sleep(LOOK_EVERY.toMillis());
        }
    }

    private static String hex(long session) {
        return "0x" + Long.toHexString(session);
    }

    private static String describe(EmbeddedZooKeeper zooKeeper, int member) {
        return "member " + member + " (127.0.0.1:" + zooKeeper.clientAddress(member).getPort() + ")";
    }
}
