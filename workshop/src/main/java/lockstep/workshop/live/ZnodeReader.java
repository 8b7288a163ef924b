package lockstep.workshop.live;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lockstep.workshop.live.ZnodeSnapshot.Change;
import lockstep.workshop.live.ZnodeSnapshot.LockZnode;
import lockstep.workshop.zookeeper.FourLetterWords;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * Looks at the lock znodes under a ZooKeeper lab's lock root with a session of its own, and notes between looks which
 * lock was taken, passed on or released. When ZooKeeper does not answer, the look says so and the next one tries again
 * with a new session.
 *
 * <p>It only reads. Watchers are counted with the {@code wchp} four-letter word and session timeouts read with
 * {@code cons}; a server that does not allow them leaves them {@linkplain ZnodeSnapshot#UNKNOWN unknown}. Its own
 * session is left out of every count, and so is a holder watching its own znode: it does not wait.
 */
public final class ZnodeReader implements SnapshotReader<ZnodeSnapshot> {

    /** How many changes a look keeps. */
    public static final int CHANGES_KEPT = 8;

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Pattern SESSION_AND_TIMEOUT = Pattern.compile("sid=0x([0-9a-f]+).*?,to=(\\d+)");

    private final String connectString;
    /** Where the lab keeps its locks, from its spec: Lab 03's lock of seat A1 is {@code /lockstep/locks/A1}. */
    private final String lockRoot;
    private final Deque<Change> changes = new ArrayDeque<>();
    private Map<String, LockZnode> previous = Map.of();
    private ZooKeeper session; // null until connected, and again after the session is gone

    public ZnodeReader(String connectString, String lockRoot) {
        this.connectString = connectString;
        this.lockRoot = lockRoot;
    }

    @Override
    public ZnodeSnapshot read() throws InterruptedException {
        long now = System.currentTimeMillis();
        String problem = "";
        Map<String, LockZnode> locks = Map.of();
        try {
            locks = readLocks();
            noteChanges(locks, now);
            previous = locks;
        } catch (ZooKeeperUnavailableException | KeeperException.ConnectionLossException
                 | KeeperException.SessionExpiredException e) {
            forgetSession();
            problem = "No ZooKeeper answers at " + connectString + " (" + TimeOfDay.of(now) + "). Trying again; start"
                    + " one with `./lockstep zk start`, or point --zk at one.";
        } catch (KeeperException e) {
            problem = "ZooKeeper at " + connectString + " refused to show " + lockRoot + ": " + e.getMessage();
        }
        return new ZnodeSnapshot(connectString, lockRoot, now, problem, List.copyOf(locks.values()),
                List.copyOf(changes));
    }

    @Override
    public void close() {
        forgetSession();
    }

    /** The lock znodes under the lock root by name, each with its session's timeout and its watchers if known. */
    private Map<String, LockZnode> readLocks() throws KeeperException, InterruptedException {
        ZooKeeper zooKeeper = session();
        List<String> children;
        try {
            children = new ArrayList<>(zooKeeper.getChildren(lockRoot, false));
        } catch (KeeperException.NoNodeException e) {
            return Map.of(); // no lab has used this ZooKeeper yet
        }
        children.sort(null);
        Map<String, Stat> stats = new LinkedHashMap<>();
        Map<String, String> owners = new HashMap<>();
        for (String child : children) {
            Stat stat = new Stat();
            try {
                byte[] data = zooKeeper.getData(lockRoot + "/" + child, false, stat);
                owners.put(child, data == null ? "" : new String(data, StandardCharsets.UTF_8));
                stats.put(child, stat);
            } catch (KeeperException.NoNodeException e) {
                // Safe to ignore: released between the listing and this read; the next look shows it gone.
            }
        }
        if (stats.isEmpty()) {
            return Map.of(); // no need to ask the servers about sessions and watches
        }
        Map<String, Set<String>> watchers = watchersPerPath();
        Map<Long, Long> timeouts = sessionTimeouts();
        Map<String, LockZnode> locks = new LinkedHashMap<>();
        stats.forEach((name, stat) -> {
            long sessionId = stat.getEphemeralOwner();
            int watching = ZnodeSnapshot.UNKNOWN;
            if (watchers != null) {
                Set<String> others = new HashSet<>(watchers.getOrDefault(lockRoot + "/" + name, Set.of()));
                others.remove(ZnodeSnapshot.sessionName(sessionId)); // a holder may watch its own znode; it does not wait
                watching = others.size();
            }
            locks.put(name, new LockZnode(name, owners.get(name), sessionId, stat.getCtime(), stat.getCzxid(),
                    timeouts.getOrDefault(sessionId, (long) ZnodeSnapshot.UNKNOWN), watching));
        });
        return locks;
    }

    /** What changed since the last look: a lock taken, passed on, or released. */
    private void noteChanges(Map<String, LockZnode> locks, long now) {
        for (LockZnode lock : locks.values()) {
            LockZnode before = previous.get(lock.name());
            if (before == null) {
                note(new Change(now, "taken", lock.name() + " taken by " + lock.describe()));
            } else if (before.czxid() != lock.czxid()) {
                note(new Change(now, "passed", lock.name() + " passed from " + before.owner() + " to " + lock.describe()));
            }
        }
        for (LockZnode before : previous.values()) {
            if (!locks.containsKey(before.name())) {
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
        String ours = session == null ? "" : ZnodeSnapshot.sessionName(session.getSessionId());
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

    private ZooKeeper session() {
        if (session != null && !session.getState().isAlive()) {
            forgetSession(); // expired while ZooKeeper was away: open a new one
        }
        if (session == null) {
            session = ZooKeeperConnections.zooKeeper(connectString, SESSION_TIMEOUT, ASK_TIMEOUT, event -> { });
        }
        return session;
    }

    private void forgetSession() {
        if (session != null) {
            ZooKeeperConnections.closeQuietly(session);
            session = null;
        }
    }
}
