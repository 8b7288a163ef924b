package lockstep.lab06;

import java.time.Duration;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.DistributedLock;
import org.apache.curator.framework.CuratorFramework;

/**
 * One grant of A1's lock on ZooKeeper, taken by a node in a JVM of its own, as a node of a race is: it connects,
 * takes the lock through the lab's seam, prints the token its lock gave ({@code token 123} or {@code token none}),
 * lets go and ends.
 *
 * <pre>java GrantInAnotherProcess CONNECT-STRING</pre>
 */
public final class GrantInAnotherProcess {

    static final String TOKEN = "token ";

    private GrantInAnotherProcess() {
    }

    public static void main(String[] args) throws Exception {
        LockSeam<CuratorFramework> seam = LockSeam.of(Implementation.of(Lab06.class), CuratorFramework.class);
        try (CuratorFramework node = seam.connect("Gamma", new Services(args[0], null))) {
            DistributedLock lock = seam.lock(node, "Gamma", "buyer-elsewhere", "A1");
            if (!lock.acquire(Duration.ofSeconds(30))) {
                System.out.println("no grant within 30 s");
                return;
            }
            try {
                System.out.println(TOKEN + (lock.fencingToken().isPresent() ? lock.fencingToken().getAsLong() : "none"));
            } finally {
                lock.release();
            }
        }
    }
}
