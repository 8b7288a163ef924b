package lockstep.workshop.zookeeper;

import java.util.Set;

/**
 * Counts the reads that the ZooKeeper servers running in this JVM answered below one top-level
 * znode (such as {@code /lockstep}) since {@link #start}: {@code getData}, {@code getChildren}
 * and {@code exists} calls that found their znode. A lock that polls reads its znode again and
 * again while it waits; a lock that waits on a watch reads it once per wake-up. That is how a
 * grader tells them apart, with no change to the code under test.
 *
 * <p>Limits: a read of a znode that does not exist is not counted (the server counts a read when
 * it returns data), nor is a failed create. The registry is one per JVM and a server (re)start
 * resets it, as for {@link WatchNotificationCounter}; servers in other processes are not counted.
 */
public final class ReadCounter {

    private final String topLevelZnode;
    private final Set<String> metric;
    private final long baseline;

    private ReadCounter(String topLevelZnode) {
        if (!topLevelZnode.matches("/[^/]+")) {
            throw new IllegalArgumentException("reads are counted below a top-level znode such as /lockstep, was " + topLevelZnode);
        }
        this.topLevelZnode = topLevelZnode;
        // The server keeps one count of reads per top-level znode ("namespace").
        this.metric = Set.of("cnt_" + topLevelZnode.substring(1) + "_read_per_namespace");
        this.baseline = JvmServerMetrics.total(metric);
    }

    /** Starts counting the reads below {@code topLevelZnode} (such as {@code /lockstep}) from now. */
    public static ReadCounter start(String topLevelZnode) {
        return new ReadCounter(topLevelZnode);
    }

    /**
     * Reads below the top-level znode since {@link #start}.
     *
     * @throws IllegalStateException if a server (re)started in this JVM since then, which reset the counts
     */
    public long readsSinceStart() {
        long now = JvmServerMetrics.total(metric);
        if (now < baseline) {
            throw new IllegalStateException("the read counts below " + topLevelZnode + " were reset (" + baseline + " then "
                    + now + "): a ZooKeeper server started in this JVM after counting began; start counting after it");
        }
        return now - baseline;
    }
}
