package lockstep.workshop.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lockstep.workshop.live.ZnodeSnapshot.Change;
import lockstep.workshop.live.ZnodeSnapshot.LockZnode;
import lockstep.workshop.zookeeper.FourLetterWords;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Looks at the lock znodes under a ZooKeeper lab's lock root with a session of its own, and notes between looks which
 * lock was taken, passed on or released. When ZooKeeper does not answer, the look says so and the next one tries again
 * with a new session.
 *
 * <p>A lab whose lock is a queue of sequential znodes (Curator's mutex in Lab 05) keeps a folder per seat under its
 * lock root, such as {@code /lockstep/lab05/A1}, with one znode per holder and waiter. Such a folder is read as its
 * queue, in the order of the sequence numbers ZooKeeper appended: the holder as {@code A1}, then the waiters as
 * {@code A1 #2}, {@code A1 #3} ..., each watched by the one behind it. An empty folder is a free seat.
 *
 * <p>It only reads. Watchers are counted with the {@code wchp} four-letter word and session timeouts read with
 * {@code cons}; a server that does not allow them leaves them {@linkplain ZnodeSnapshot#UNKNOWN unknown}. Its own
 * session is left out of every count, and so is a holder watching its own znode: it does not wait.
 */
public final class ZnodeReader implements SnapshotReader<ZnodeSnapshot> {

    /** How many changes a look keeps. */
    public static final int CHANGES_KEPT = 8;

    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern SESSION_AND_TIMEOUT = Pattern.compile("sid=0x([0-9a-f]+).*?,to=(\\d+)");
    /** The length of the sequence number ZooKeeper appends to a sequential znode's name. */
    private static final int SEQUENCE_DIGITS = 10;

    private final String connectString;
    /** Where the lab keeps its locks, from its spec: Lab 03's lock of seat A1 is {@code /lockstep/locks/A1}. */
    private final String lockRoot;
    /** A lock held longer than this is flagged in each look. */
    private final Duration heldTooLong;
    /** This machine's wall clock, in milliseconds: ZooKeeper dates a znode's creation on the same clock. */
    private final LongSupplier wallClock;
    private final Deque<Change> changes = new ArrayDeque<>();
    private Map<String, LockZnode> previous = Map.of();
    private final ReadersSession session;

    /** A lock znode as read, before the servers are asked about its session and watchers. */
    private record Found(String name, String path, String owner, Stat stat) {
    }

    /** A reader that flags a lock held longer than {@link ZnodeSnapshot#DEFAULT_HELD_TOO_LONG}. */
    public ZnodeReader(String connectString, String lockRoot) {
        this(connectString, lockRoot, ZnodeSnapshot.DEFAULT_HELD_TOO_LONG, System::currentTimeMillis);
    }

    /**
     * A reader that flags a lock held longer than {@code heldTooLong}, and dates each look by {@code wallClock} (this
     * machine's wall clock, in milliseconds since 1970; a test may give a later one, to age the locks it looks at).
     */
    public ZnodeReader(String connectString, String lockRoot, Duration heldTooLong, LongSupplier wallClock) {
        if (heldTooLong.isNegative()) {
            throw new IllegalArgumentException("a lock is held too long after 0 s or more, but was " + heldTooLong);
        }
        this.connectString = connectString;
        this.lockRoot = lockRoot;
        this.heldTooLong = heldTooLong;
        this.wallClock = wallClock;
        this.session = new ReadersSession(connectString, ASK_TIMEOUT);
    }

    @Override
    public ZnodeSnapshot read() throws InterruptedException {
        long now = wallClock.getAsLong();
        String problem = "";
        Map<String, LockZnode> locks = Map.of();
        try {
            locks = readLocks();
            noteChanges(locks, now);
            previous = locks;
        } catch (ZooKeeperUnavailableException | KeeperException.ConnectionLossException
                 | KeeperException.SessionExpiredException e) {
            session.close();
            problem = "No ZooKeeper answers at " + connectString + " (" + TimeOfDay.of(now) + "). Trying again; start"
                    + " one with `./lockstep zk start`, or point --zk at one.";
        } catch (KeeperException e) {
            problem = "ZooKeeper at " + connectString + " refused to show " + lockRoot + ": " + e.getMessage();
        }
        return new ZnodeSnapshot(connectString, lockRoot, now, problem, List.copyOf(locks.values()),
                List.copyOf(changes), heldTooLong);
    }

    @Override
    public void close() {
        session.close();
    }

    /** The lock znodes under the lock root by name, each with its session's timeout and its watchers if known. */
    private Map<String, LockZnode> readLocks() throws KeeperException, InterruptedException {
        ZooKeeper zooKeeper = session.get();
        List<String> children;
        try {
            children = new ArrayList<>(zooKeeper.getChildren(lockRoot, false));
        } catch (KeeperException.NoNodeException e) {
            return Map.of(); // no lab has used this ZooKeeper yet
        }
        children.sort(null);
        List<Found> found = new ArrayList<>();
        for (String child : children) {
            String path = lockRoot + "/" + child;
            Stat stat = new Stat();
            try {
                String owner = text(zooKeeper.getData(path, false, stat));
                if (stat.getNumChildren() > 0) {
                    found.addAll(readQueue(zooKeeper, child, path));
                } else if (stat.getEphemeralOwner() != 0 || !owner.isEmpty()) {
                    found.add(new Found(child, path, owner, stat));
                } // else an empty queue folder: nobody holds the seat or waits for it
            } catch (KeeperException.NoNodeException e) {
                // Safe to ignore: released between the listing and this read; the next look shows it gone.
            }
        }
        if (found.isEmpty()) {
            return Map.of(); // no need to ask the servers about sessions and watches
        }
        Map<String, Set<String>> watchers = watchersPerPath();
        Map<Long, Long> timeouts = sessionTimeouts();
        Map<String, LockZnode> locks = new LinkedHashMap<>();
        for (Found lock : found) {
            long sessionId = lock.stat().getEphemeralOwner();
            int watching = ZnodeSnapshot.UNKNOWN;
            if (watchers != null) {
                Set<String> others = new HashSet<>(watchers.getOrDefault(lock.path(), Set.of()));
                others.remove(ZnodeSnapshot.sessionName(sessionId)); // a holder may watch its own znode; it does not wait
                watching = others.size();
            }
            locks.put(lock.name(), new LockZnode(lock.name(), lock.owner(), sessionId, lock.stat().getCtime(),
                    lock.stat().getCzxid(), timeouts.getOrDefault(sessionId, (long) ZnodeSnapshot.UNKNOWN), watching));
        }
        return locks;
    }

    /** The queue in the folder {@code path} of seat {@code seat}: its holder first, then its waiters in order. */
    private static List<Found> readQueue(ZooKeeper zooKeeper, String seat, String path)
            throws KeeperException, InterruptedException {
        List<String> members;
        try {
            members = new ArrayList<>(zooKeeper.getChildren(path, false));
        } catch (KeeperException.NoNodeException e) {
            return List.of(); // the folder went as we looked: nobody holds the seat
        }
        members.sort(Comparator.comparing(ZnodeReader::sequenceOf));
        List<Found> queue = new ArrayList<>();
        for (String member : members) {
            Stat stat = new Stat();
            try {
                String owner = text(zooKeeper.getData(path + "/" + member, false, stat));
                String name = queue.isEmpty() ? seat : seat + LockZnode.QUEUE_PLACE + (queue.size() + 1);
                queue.add(new Found(name, path + "/" + member, owner, stat));
            } catch (KeeperException.NoNodeException e) {
                // Safe to ignore: it left the queue between the listing and this read.
            }
        }
        return queue;
    }

    /** The sequence number ZooKeeper appended to a queue member's name: it, not the rest of the name, orders the queue. */
    private static String sequenceOf(String member) {
        return member.length() <= SEQUENCE_DIGITS ? member : member.substring(member.length() - SEQUENCE_DIGITS);
    }

    private static String text(byte[] data) {
        return data == null ? "" : new String(data, StandardCharsets.UTF_8);
    }

    /** What changed since the last look: a lock taken, passed on, or released. */
    private void noteChanges(Map<String, LockZnode> locks, long now) {
        for (LockZnode lock : locks.values()) {
            if (lock.isWaiter()) {
                continue; // waiters come and go; a handover shows as the holder's row changing
            }
            LockZnode before = previous.get(lock.name());
            if (before == null) {
                note(new Change(now, "taken", lock.name() + " taken by " + lock.describe()));
            } else if (before.czxid() != lock.czxid()) {
                note(new Change(now, "passed", lock.name() + " passed from " + before.owner() + " to " + lock.describe()));
            }
        }
        for (LockZnode before : previous.values()) {
            if (!before.isWaiter() && !locks.containsKey(before.name())) {
                note(new Change(now, "released", before.name() + " released (or its session ended): " + before.owner()
                        + " no longer holds it"));
            }
        }
    }

    private void note(Change change) {
        changes.addLast(change);
        while (changes.size() > CHANGES_KEPT) {
            changes.removeFirst();
        }
    }

    /**
     * For each watched path, the sessions other than ours that watch it ({@code wchp}, on every server); null when no
     * server would say.
     */
    private Map<String, Set<String>> watchersPerPath() {
        Map<String, Set<String>> watchers = null;
        String ours = session.id() == 0 ? "" : ZnodeSnapshot.sessionName(session.id());
        for (InetSocketAddress server : FourLetterWords.addressesOf(connectString)) {
            String answer = ask(server, "wchp");
            if (answer == null) {
                continue;
            }
            watchers = watchers == null ? new HashMap<>() : watchers;
            String path = null;
            for (String line : answer.split("\n")) {
                if (line.startsWith("/")) {
                    path = line.trim();
                } else if (path != null && line.trim().startsWith("0x") && !line.trim().equals(ours)) {
                    watchers.computeIfAbsent(path, key -> new HashSet<>()).add(line.trim());
                }
            }
        }
        return watchers;
    }

    /** Each connected session's negotiated timeout in milliseconds ({@code cons}, on every server). */
    private Map<Long, Long> sessionTimeouts() {
        Map<Long, Long> timeouts = new HashMap<>();
        for (InetSocketAddress server : FourLetterWords.addressesOf(connectString)) {
            String answer = ask(server, "cons");
            Matcher connection = SESSION_AND_TIMEOUT.matcher(answer == null ? "" : answer);
            while (connection.find()) {
                timeouts.put(Long.parseUnsignedLong(connection.group(1), 16), Long.parseLong(connection.group(2)));
            }
        }
        return timeouts;
    }

    /** A four-letter word's answer, or null when the server does not answer or does not allow it. */
    private static String ask(InetSocketAddress server, String word) {
        try {
            String answer = FourLetterWords.ask(server, word, ASK_TIMEOUT);
            return answer.contains("is not executed because it is not in the whitelist") ? null : answer;
        } catch (IOException e) {
            return null;
        }
    }

}
