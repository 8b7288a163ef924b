package lockstep.workshop.zookeeper;

import java.util.Set;

/**
 * Counts the watch notifications that the ZooKeeper servers running in this JVM have sent to
 * their clients since {@link #start()}: every created, deleted, changed-data and changed-children
 * event, once per watcher it woke. It reads the servers' own metrics (the {@code NODE_*_WATCHER}
 * summaries), so it counts the watches of any client code, the learner's included, with no change
 * to that code.
 *
 * <p>Limits: the metrics registry is one per JVM, so this counts every embedded server here
 * (members of one ensemble add up correctly, since each notifies only its own clients); run one
 * measured ZooKeeper at a time. A server that starts in this JVM resets the registry, so start
 * counting after the last (re)start; {@link #notificationsSinceStart()} refuses to report across a
 * reset. Servers in other processes (Docker, {@code zk start}) are not counted.
 */
public final class WatchNotificationCounter {

    private static final Set<String> NOTIFICATION_SUMS = Set.of(
            "sum_node_created_watch_count",
            "sum_node_deleted_watch_count",
            "sum_node_changed_watch_count",
            "sum_node_children_watch_count");

    private final long baseline;

    private WatchNotificationCounter(long baseline) {
        this.baseline = baseline;
    }

    /** Starts counting from now. */
    public static WatchNotificationCounter start() {
        return new WatchNotificationCounter(notificationsSentSoFar());
    }

    /**
     * Notifications sent since {@link #start()}.
     *
     * @throws IllegalStateException if a server (re)started in this JVM since then, which reset the counts
     */
    public long notificationsSinceStart() {
        long now = notificationsSentSoFar();
        if (now < baseline) {
            throw new IllegalStateException("the watch counts were reset (" + baseline + " then " + now
                    + "): a ZooKeeper server started in this JVM after counting began; start counting after it");
        }
        return now - baseline;
    }

    /**
     * The notifications per handoff of a lock measured with this counter.
     *
     * @param contenders how many clients competed for the lock
     * @param handoffs how many times the lock passed from one holder to the next
     */
    public NotificationsPerHandoff perHandoff(int contenders, long handoffs) {
        return new NotificationsPerHandoff(contenders, handoffs, notificationsSinceStart());
    }

    /** Notifications sent by the servers of this JVM since the metrics registry was last reset. */
    public static long notificationsSentSoFar() {
        return JvmServerMetrics.total(NOTIFICATION_SUMS);
    }
}
