package lockstep.workshop.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lockstep.workshop.zookeeper.FourLetterWords;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import lockstep.workshop.zookeeper.ZooKeeperUnavailableException;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;

/**
 * The lock znodes of a ZooKeeper lab as a table, one frame at a time: for each lock, who holds it
 * (the owner written in the znode's data, and the session that owns the ephemeral znode), that
 * session's timeout, how long it has been held, and how many other sessions watch it (the waiters,
 * in Lab 03); then the changes seen between frames. When ZooKeeper does not answer, a frame says so, and the next frame tries
 * again.
 *
 * <p>A lab whose lock is a queue of sequential znodes (Curator's mutex in Lab 05) keeps a folder per
 * seat under its lock root, such as {@code /lockstep/lab05/A1}, with one znode per holder and
 * waiter. Such a folder is shown as its queue, in order of the sequence numbers ZooKeeper appended:
 * the first row is the holder ({@code A1}), the next are the waiters ({@code A1 #2}, {@code A1 #3}
 * ...), each watched by the one behind it. An empty folder is a free seat.
 *
 * <p>It only reads. Watchers are counted with the {@code wchp} four-letter word and timeouts
 * read with {@code cons}; a server that does not allow them shows {@code ?}. The view's own
 * session is left out of every count.
 */
final class ZnodeView implements AutoCloseable {

    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final int EVENTS_SHOWN = 8;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final Pattern SESSION_AND_TIMEOUT = Pattern.compile("sid=0x([0-9a-f]+).*?,to=(\\d+)");
    /** How a waiter's place in a seat's queue is written after the seat: {@code A1 #2}. */
    private static final String QUEUE_PLACE = " #";
    /** The length of the sequence number ZooKeeper appends to a sequential znode's name. */
    private static final int SEQUENCE_DIGITS = 10;

    private final String connectString;
    /** Where the lab keeps its locks, from its spec: Lab 03's lock of seat A1 is {@code /lockstep/locks/A1}. */
    private final String lockRoot;
    private final Deque<String> events = new ArrayDeque<>();
    private Map<String, Lock> previous = Map.of();
    private ZooKeeper session; // null until connected, and again after the session is gone
    private boolean serverAnswered;

    /** One lock znode as one frame saw it. */
    private record Lock(String name, String path, String owner, long sessionId, long createdMillis, long czxid) {

        /** Whether this is a waiter in a seat's queue rather than the holder ({@code A1 #2}). */
        boolean isWaiter() {
            return name.contains(QUEUE_PLACE);
        }

        boolean isEphemeral() {
            return sessionId != 0;
        }
    }

    ZnodeView(String connectString, String lockRoot) {
        this.connectString = connectString;
        this.lockRoot = lockRoot;
    }

    /** One frame of the view, as lines of text; never throws for a ZooKeeper that does not answer. */
    List<String> frame() throws InterruptedException {
        String now = LocalTime.now().format(CLOCK);
        List<String> lines = new ArrayList<>();
        try {
            Map<String, Lock> locks = readLocks();
            noteChanges(locks, now);
            previous = locks;
            serverAnswered = true;
            lines.add("Lock znodes under " + lockRoot + " at " + connectString + ", " + now);
            lines.add("");
            lines.addAll(table(locks));
        } catch (ZooKeeperUnavailableException | KeeperException.ConnectionLossException
                 | KeeperException.SessionExpiredException e) {
            forgetSession();
            serverAnswered = false;
            lines.add("No ZooKeeper answers at " + connectString + " (" + now + "). Trying again; start one with"
                    + " `./lockstep zk start`, or point --zk at one.");
        } catch (KeeperException e) {
            lines.add("ZooKeeper at " + connectString + " refused to show " + lockRoot + ": " + e.getMessage());
        }
        lines.add("");
        lines.add("Recent changes (seen between frames)");
        if (events.isEmpty()) {
            lines.add("  none yet");
        }
        events.forEach(event -> lines.add("  " + event));
        return lines;
    }

    /** Whether ZooKeeper answered for the last frame. */
    boolean serverAnswered() {
        return serverAnswered;
    }

    @Override
    public void close() {
        forgetSession();
    }

    private Map<String, Lock> readLocks() throws KeeperException, InterruptedException {
        ZooKeeper zooKeeper = session();
        Map<String, Lock> locks = new LinkedHashMap<>();
        List<String> children;
        try {
            children = new ArrayList<>(zooKeeper.getChildren(lockRoot, false));
        } catch (KeeperException.NoNodeException e) {
            return locks; // no lab has used this ZooKeeper yet
        }
        children.sort(null);
        for (String child : children) {
            String path = lockRoot + "/" + child;
            Stat stat = new Stat();
            try {
                byte[] data = zooKeeper.getData(path, false, stat);
                if (stat.getNumChildren() > 0) {
                    readQueue(zooKeeper, child, path, locks);
                } else if (stat.getEphemeralOwner() != 0 || (data != null && data.length > 0)) {
                    locks.put(child, new Lock(child, path, text(data), stat.getEphemeralOwner(), stat.getCtime(),
                            stat.getCzxid()));
                } // else an empty queue folder: nobody holds the seat or waits for it
            } catch (KeeperException.NoNodeException e) {
                // Safe to ignore: released between the listing and this read; the next frame shows it gone.
            }
        }
        return locks;
    }

    /** Adds the queue in the folder {@code path} of seat {@code seat}: its holder first, then its waiters in order. */
    private static void readQueue(ZooKeeper zooKeeper, String seat, String path, Map<String, Lock> locks)
            throws KeeperException, InterruptedException {
        List<String> queue;
        try {
            queue = new ArrayList<>(zooKeeper.getChildren(path, false));
        } catch (KeeperException.NoNodeException e) {
            return; // the folder went as we looked: nobody holds the seat
        }
        queue.sort(Comparator.comparing(ZnodeView::sequenceOf));
        int place = 1;
        for (String member : queue) {
            Stat stat = new Stat();
            try {
                byte[] data = zooKeeper.getData(path + "/" + member, false, stat);
                String name = place == 1 ? seat : seat + QUEUE_PLACE + place;
                locks.put(name, new Lock(name, path + "/" + member, text(data), stat.getEphemeralOwner(),
                        stat.getCtime(), stat.getCzxid()));
                place++;
            } catch (KeeperException.NoNodeException e) {
                // Safe to ignore: it left the queue between the listing and this read.
            }
        }
    }

    /** The sequence number ZooKeeper appended to a queue member's name: it, not the rest of the name, orders the queue. */
    private static String sequenceOf(String member) {
        return member.length() <= SEQUENCE_DIGITS ? member : member.substring(member.length() - SEQUENCE_DIGITS);
    }

    private List<String> table(Map<String, Lock> locks) {
        if (locks.isEmpty()) {
            return List.of("  no lock is held");
        }
        Map<String, Set<String>> watchers = watchersPerPath();
        Map<Long, Long> timeouts = sessionTimeouts();
        List<String> rows = new ArrayList<>();
        rows.add(String.format("  %-8s %-28s %-20s %9s %9s %9s", "lock", "holder (znode data)", "session", "timeout",
                "held for", "watchers"));
        long nowMillis = System.currentTimeMillis();
        for (Lock lock : locks.values()) {
            Long timeout = timeouts.get(lock.sessionId());
            Set<String> watching = new HashSet<>(watchers == null ? Set.of()
                    : watchers.getOrDefault(lock.path(), Set.of()));
            watching.remove(sessionName(lock.sessionId())); // a holder may watch its own znode; it does not wait
            rows.add(String.format(Locale.ROOT, "  %-8s %-28s %-20s %9s %9s %9s", lock.name(), clip(lock.owner(), 28),
                    lock.isEphemeral() ? sessionName(lock.sessionId()) : "none: PERSISTENT",
                    timeout == null ? "?" : String.format(Locale.ROOT, "%,d ms", timeout),
                    String.format(Locale.ROOT, "%.1f s", Math.max(0, nowMillis - lock.createdMillis()) / 1000.0),
                    watchers == null ? "?" : String.valueOf(watching.size())));
        }
        if (locks.values().stream().anyMatch(Lock::isWaiter)) {
            rows.add("");
            rows.add("  #2, #3 ...: buyers waiting in that seat's queue, in order (held for: how long they have waited).");
            rows.add("  Each waiter watches the znode just before its own, so a release wakes one of them.");
        }
        return rows;
    }

    /** What changed since the last frame: a lock taken, passed on, or released. */
    private void noteChanges(Map<String, Lock> locks, String now) {
        for (Lock lock : locks.values()) {
            if (lock.isWaiter()) {
                continue; // waiters come and go; a handover shows as the holder's row changing
            }
            Lock before = previous.get(lock.name());
            if (before == null) {
                note(now, lock.name() + " taken by " + describe(lock));
            } else if (before.czxid() != lock.czxid()) {
                note(now, lock.name() + " passed from " + before.owner() + " to " + describe(lock));
            }
        }
        for (Lock before : previous.values()) {
            if (!before.isWaiter() && !locks.containsKey(before.name())) {
                note(now, before.name() + " released (or its session ended): " + before.owner() + " no longer holds it");
            }
        }
    }

    private void note(String now, String event) {
        events.addLast(now + "  " + event);
        while (events.size() > EVENTS_SHOWN) {
            events.removeFirst();
        }
    }

    /**
     * For each watched path, the sessions other than ours that watch it ({@code wchp}, on every
     * server); null when no server would say.
     */
    private Map<String, Set<String>> watchersPerPath() {
        Map<String, Set<String>> watchers = null;
        String ours = session == null ? "" : sessionName(session.getSessionId());
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

    private static String describe(Lock lock) {
        return lock.owner() + (lock.isEphemeral() ? " (session " + sessionName(lock.sessionId()) + ")" : " (persistent znode)");
    }

    private static String sessionName(long sessionId) {
        return "0x" + Long.toHexString(sessionId);
    }

    private static String text(byte[] data) {
        return data == null ? "" : new String(data, StandardCharsets.UTF_8);
    }

    private static String clip(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}
