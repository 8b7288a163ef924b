package lockstep.workshop.lab;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import lockstep.workshop.race.NamedFault;

/**
 * One lab of the workshop, as every command and grader knows it: its spec. Each lab's spec is one
 * small class in {@code lockstep.workshop.lab.specs}, listed once in {@link LabCatalog}; nothing
 * else in the toolkit names a lab.
 *
 * @param number    1, 2, 3 ...
 * @param folder    its folder under {@code labs/} and {@code solutions/}, for example {@code lab01-ticket-race}
 * @param title     its title, for example {@code The ticket race}
 * @param needs     the lock services its nodes use besides the seat database; empty for none
 * @param lockRoot  where its locks live in ZooKeeper, for example {@code /lockstep/locks}; empty for a lab
 *                  whose locks are not znodes (its locks are then named {@code seat-A1}: a lock server's lock, a
 *                  Redis key)
 * @param zooKeeperServers how many ZooKeeper servers a race of the lab starts when it is given none: 1 (one
 *                  standalone server) for most ZooKeeper labs, 3 for a lab about an ensemble that loses servers; 0 for
 *                  a lab without ZooKeeper
 * @param view      what {@code lockstep visualize} shows of its locks
 * @param timedLock whether its lock waits at most the time it is given ({@code book --wait}); false for a lab whose
 *                  lock waits until it holds the lock (Lab 03) and for a lab without a lock
 * @param faults    its named faults, in the order its README lists them ({@code race --fault NAME})
 * @param raceNote  a sentence the race table prints under its verdict, or empty: what a learner should know to
 *                  read this lab's race (for example, why a correct race is slow)
 * @param demo      how {@code lockstep demo} races it: under which of its faults, and what that shows
 */
public record Lab(int number, String folder, String title, Set<Service> needs, String lockRoot, int zooKeeperServers,
                  View view, boolean timedLock, List<NamedFault> faults, String raceNote, DemoRace demo) {

    /** Until a spec says otherwise, the demo races a lab without a fault and has nothing to add. */
    private static final DemoRace NO_DEMO = DemoRace.withoutFault("");

    /** An outside service a lab's nodes use besides the seat database. */
    public enum Service {
        /** The TTL lock server ({@code lockstep lock-server}). */
        LOCK_SERVER,
        /** ZooKeeper ({@code lockstep zk start}). */
        ZOOKEEPER,
        /** Independent Redis servers, five unless told otherwise ({@code lockstep redis start}). */
        REDIS
    }

    /** What {@code lockstep visualize} shows of a lab's locks. */
    public enum View {
        /** Nothing: the lab has no lock service, or one the view cannot show (Redis). */
        NONE,
        /** The lock server's locks and events. */
        LOCK_SERVER,
        /** The lock znodes under the lab's lock root, with their sessions and watchers. */
        ZNODES,
        /**
         * The queue of each seat's lock: one folder per seat under the lab's lock root, its sequential
         * znodes in the order of their numbers, each with its owner, its session, and whom it watches.
         */
        QUEUES
    }

    public Lab {
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(lockRoot, "lockRoot");
        Objects.requireNonNull(view, "view");
        Objects.requireNonNull(raceNote, "raceNote");
        Objects.requireNonNull(demo, "demo");
        needs = needs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(needs));
        faults = List.copyOf(faults);
        if (number < 1 || number > 99) {
            throw new IllegalArgumentException("a lab number is 1 to 99, but was " + number);
        }
        if (!folder.startsWith("lab" + String.format("%02d", number) + "-")) {
            throw new IllegalArgumentException("lab " + number + "'s folder must start with lab"
                    + String.format("%02d", number) + "-, but was " + folder);
        }
        if (needs.contains(Service.ZOOKEEPER) != lockRoot.startsWith("/")) {
            throw new IllegalArgumentException("a lab that needs ZooKeeper has a lock root such as /lockstep/locks,"
                    + " and only such a lab; lab " + number + " needs " + needs + " with lock root '" + lockRoot + "'");
        }
        if (needs.contains(Service.ZOOKEEPER) ? zooKeeperServers < 1 || zooKeeperServers > 7 : zooKeeperServers != 0) {
            throw new IllegalArgumentException("a lab that needs ZooKeeper runs on 1 to 7 servers, and a lab that does"
                    + " not on none; lab " + number + " needs " + needs + " with " + zooKeeperServers + " servers");
        }
        if (demo.hasFault() && faults.stream().noneMatch(fault -> fault.name().equals(demo.faultName()))) {
            throw new IllegalArgumentException("lab " + number + "'s demo races under its fault '" + demo.faultName()
                    + "', which is not among its named faults " + faults.stream().map(NamedFault::name).toList()
                    + "; give the lab its faults before its demo");
        }
    }

    /** A lab with only the seat database: no lock service, no view, no faults. */
    public static Lab withDatabaseOnly(int number, String folder, String title) {
        return new Lab(number, folder, title, Set.of(), "", 0, View.NONE, false, List.of(), "", NO_DEMO);
    }

    /** A lab whose nodes use the TTL lock server. */
    public static Lab onLockServer(int number, String folder, String title) {
        return new Lab(number, folder, title, Set.of(Service.LOCK_SERVER), "", 0, View.LOCK_SERVER, true, List.of(),
                "", NO_DEMO);
    }

    /**
     * A lab whose nodes lock on several independent Redis servers, each lock a key named after its seat, waiting at
     * most the time they are given.
     */
    public static Lab onRedis(int number, String folder, String title) {
        return new Lab(number, folder, title, Set.of(Service.REDIS), "", 0, View.NONE, true, List.of(), "", NO_DEMO);
    }

    /**
     * A lab whose nodes use ZooKeeper, with their locks under {@code lockRoot}, waiting until they hold the lock. Its
     * races start one standalone server when they are given none.
     */
    public static Lab onZooKeeper(int number, String folder, String title, String lockRoot) {
        return new Lab(number, folder, title, Set.of(Service.ZOOKEEPER), lockRoot, 1, View.ZNODES, false, List.of(),
                "", NO_DEMO);
    }

    /**
     * This ZooKeeper lab, whose races start an ensemble of {@code servers} members when they are given no ZooKeeper:
     * the race then owns every server, so that a fault can stop one, or the leader, or a majority.
     */
    public Lab withEnsemble(int servers) {
        return new Lab(number, folder, title, needs, lockRoot, servers, view, timedLock, faults, raceNote, demo);
    }

    /** This lab, whose lock waits at most the time it is given. */
    public Lab withTimedLock() {
        return new Lab(number, folder, title, needs, lockRoot, zooKeeperServers, view, true, faults, raceNote, demo);
    }

    /** This lab, whose locks {@code lockstep visualize} shows as {@code view}. */
    public Lab withView(View view) {
        return new Lab(number, folder, title, needs, lockRoot, zooKeeperServers, view, timedLock, faults, raceNote,
                demo);
    }

    /** This lab with its named faults. */
    public Lab withFaults(NamedFault... named) {
        return new Lab(number, folder, title, needs, lockRoot, zooKeeperServers, view, timedLock, List.of(named),
                raceNote, demo);
    }

    /** This lab with a note under its race's verdict. */
    public Lab withRaceNote(String note) {
        return new Lab(number, folder, title, needs, lockRoot, zooKeeperServers, view, timedLock, faults, note, demo);
    }

    /**
     * This lab, raced by {@code lockstep demo} as {@code demo} says. A demo under a fault names one of the lab's
     * faults, so give the lab its faults first.
     */
    public Lab withDemo(DemoRace demo) {
        return new Lab(number, folder, title, needs, lockRoot, zooKeeperServers, view, timedLock, faults, raceNote,
                demo);
    }

    /** The named fault the demo races this lab under, if any. */
    public Optional<NamedFault> demoFault() {
        return faults.stream().filter(fault -> fault.name().equals(demo.faultName())).findFirst();
    }

    /** Whether the lab's nodes use {@code service}. */
    public boolean needs(Service service) {
        return needs.contains(service);
    }

    /**
     * The name of {@code seat}'s lock in the lab's lock service: {@code /lockstep/locks/A1} under a
     * ZooKeeper lab's lock root, {@code seat-A1} at the lock server and in Redis.
     */
    public String lockName(String seat) {
        return lockRoot.isEmpty() ? "seat-" + seat : lockRoot + "/" + seat;
    }

    /** The two-digit id learners type, for example {@code 01}. */
    public String id() {
        return String.format("%02d", number);
    }

    /** The package of the lab's code, for example {@code lockstep.lab01}. */
    public String packageName() {
        return "lockstep.lab" + id();
    }

    /** The class that implements {@link LabBooking} for this lab, for example {@code lockstep.lab01.Lab01}. */
    public String seamClassName() {
        return packageName() + ".Lab" + id();
    }

    @Override
    public String toString() {
        return "Lab " + id() + " · " + title;
    }
}
