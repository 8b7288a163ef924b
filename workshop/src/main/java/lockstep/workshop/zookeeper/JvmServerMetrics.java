package lockstep.workshop.zookeeper;

import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.server.ServerMetrics;

/**
 * Reads the metrics registry that every ZooKeeper server in this JVM reports to (one per JVM,
 * replaced whenever a server starts here).
 */
final class JvmServerMetrics {

    private JvmServerMetrics() {
    }

    /** The sum of the named metrics; a metric not reported yet counts as 0. */
    static long total(Set<String> names) {
        AtomicLong total = new AtomicLong();
        ServerMetrics.getMetrics().getMetricsProvider().dump((name, value) -> {
            if (names.contains(name)) {
                total.addAndGet(((Number) value).longValue());
            }
        });
        return total.get();
    }
}
