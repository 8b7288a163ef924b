package lockstep.workshop.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.browser.BrowserTab;
import lockstep.workshop.browser.HeadlessChromium;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.LabCatalog;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.lock.LockLab;
import lockstep.workshop.lock.LockRequest;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.LockServer;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.race.Race;
import lockstep.workshop.race.RaceResult;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live view in a real browser: a lock service and the view are started here, the page is kept open in headless
 * Chromium, and real clients take and release locks while the test watches the page follow. Where no Chromium is
 * installed these tests say so and are skipped; CI installs one ({@code .ci/run}). Screenshots go to
 * {@code target/live/}.
 */
@DisplayName("The live view, in a real browser")
class LiveViewInBrowserTest {

    private static final Path PICTURES = Path.of("target", "live");
    private static final HeadlessChromium chromium = HeadlessChromium.find().orElse(null);
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final String LAB_02 = "Lab 02 · The TTL lock server";

    private final ExecutorService background = Executors.newCachedThreadPool();

    @BeforeEach
    void requireChromium() {
        assumeTrue(chromium != null, "No Chromium is installed here (/usr/bin/chromium, or -Dlockstep.chromium=PATH),"
                + " so the live view's browser tests are skipped. Install it with: apt-get install -y chromium");
    }

    @AfterEach
    void stopBackground() {
        background.shutdownNow();
    }

    @Test
    @DisplayName("shows who holds a lock server's lock and who waits, follows the hand-over, and drops the lock once released")
    void followsALockServerLock() throws Exception {
        try (GraderLockServer server = GraderLockServer.withRealClock();
             LockServerClient client = LockServerClient.connect(lockServerUrl(server));
             Watched watched = watch(LAB_02, new LockServerReader(lockServerUrl(server)))) {
            LivePage page = watched.page();
            page.awaitNoLocks();

            Grant alpha = client.acquire("seat-A1", "Node_Alpha", LEASE).grantIfAny().orElseThrow();
            page.awaitHolder("seat-A1", "Node_Alpha", 0);
            Future<AcquireOutcome> beta = background.submit(() ->
                    client.acquire("seat-A1", "Node_Beta", LEASE, Timing.forLiveView()));
            page.awaitHolder("seat-A1", "Node_Alpha", 1);
            assertThat(page.cardText("seat-A1")).contains("fencing token\n" + alpha.fencingToken(), "1 waiting");
            watched.tab().screenshot(PICTURES.resolve("lock-server-holder-and-queue.png"));

            client.release(alpha);
            Grant betaGrant = beta.get(Timing.forLiveView().toMillis(), TimeUnit.MILLISECONDS).grantIfAny()
                    .orElseThrow(() -> new AssertionError("Node_Beta waited in the queue, yet did not get seat-A1"));
            page.awaitHolder("seat-A1", "Node_Beta", 0);
            client.release(betaGrant);
            page.awaitGone("seat-A1");

            assertThat(page.events()).as("the events under the locks")
                    .anyMatch(line -> line.contains("granted") && line.contains("seat-A1  Node_Alpha"))
                    .anyMatch(line -> line.contains("released") && line.contains("seat-A1  Node_Beta"));
            assertThat(page.errors()).as("errors the page logged").isEmpty();
        }
    }

    @Test
    @DisplayName("follows twenty holders of one lock in turn, and prints how soon the page drew each (for BENCHMARKS.md)")
    void followsHolderAfterHolder() throws Exception {
        try (GraderLockServer server = GraderLockServer.withRealClock();
             LockServerClient client = LockServerClient.connect(lockServerUrl(server));
             Watched watched = watch(LAB_02, new LockServerReader(lockServerUrl(server)))) {
            LivePage page = watched.page();
            page.awaitNoLocks();
            List<Long> drawnAfterMillis = new ArrayList<>();
            for (int turn = 1; turn <= 20; turn++) {
                // Each turn would start just after a look (the one that drew the last holder) and so wait a whole
                // refresh for the next. Starting turn N a further N x 25 ms later samples every point of the 500 ms.
                Thread.sleep(turn * LiveViewServer.REFRESH.toMillis() / 20); // a phase for the figures, not a wait
                String holder = "Holder_" + turn;
                long asked = System.currentTimeMillis(); // the page cannot draw a grant before it was asked for
                Grant grant = client.acquire("seat-A1", holder, LEASE).grantIfAny().orElseThrow();
                page.awaitHolder("seat-A1", holder, 0);
                drawnAfterMillis.add(page.firstSeenMillis("seat-A1") - asked);
                client.release(grant);
            }

            assertThat(page.errors()).as("errors the page logged").isEmpty();
            List<Long> sorted = drawnAfterMillis.stream().sorted().toList();
            System.out.printf("live view: each of 20 holders drawn %s ms after its acquire was sent (median %d ms,"
                    + " slowest %d ms; looks every %d ms)%n", drawnAfterMillis, sorted.get(sorted.size() / 2),
                    sorted.get(sorted.size() - 1), LiveViewServer.REFRESH.toMillis());
        }
    }

    @Test
    @DisplayName("says so while no lock server answers, keeps trying, and shows the locks once one starts")
    void waitsForTheLockServer(@TempDir Path data) throws Exception {
        int port = freePort();
        URI where = URI.create("http://127.0.0.1:" + port);
        try (Watched watched = watch(LAB_02, new LockServerReader(where))) {
            LivePage page = watched.page();
            page.awaitServiceDown();
            assertThat(page.problem()).startsWith("No lock server answers here (since ").contains("./lockstep lock-server");
            watched.tab().screenshot(PICTURES.resolve("lock-server-down.png"));

            try (LockServer server = LockServer.start(LockServerConfig.defaults(data).withPort(port));
                 LockServerClient client = LockServerClient.connect(where)) {
                client.acquire("seat-B2", "Node_Gamma", LEASE);
                page.awaitHolder("seat-B2", "Node_Gamma", 0);
                assertThat(page.problem()).as("the sentence about the missing server, once it answers").isEmpty();
            }
            assertThat(page.errors()).as("errors the page logged").isEmpty();
        }
    }

    @Test
    @DisplayName("shows the holder of a lock znode with its session and the sessions watching it, and drops it when the session ends")
    void followsALockZnode() throws Exception {
        try (EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start();
             Watched watched = watch("Lab 03 · A lock as one ephemeral znode",
                     new ZnodeReader(zooKeeper.connectString(), "/lockstep/locks"))) {
            LivePage page = watched.page();
            page.awaitNoLocks();
            ZooKeeper holder = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
            ZooKeeper waiter = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), Timing.shortSession(), event -> { });
            try {
                ZKPaths.mkdirs(holder, "/lockstep/locks");
                holder.create("/lockstep/locks/A1", "node-01/buyer-0007".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                        ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
                waiter.exists("/lockstep/locks/A1", event -> { });

                page.awaitHolder("A1", "node-01/buyer-0007", 1);
                assertThat(page.cardText("A1")).contains("0x" + Long.toHexString(holder.getSessionId()), "1 watching");
                watched.tab().screenshot(PICTURES.resolve("znode-holder-and-watcher.png"));

                ZooKeeperConnections.closeQuietly(holder); // a clean close deletes the ephemeral znode at once
                page.awaitGone("A1");
                assertThat(page.events()).as("the changes under the locks")
                        .anyMatch(line -> line.contains("A1 taken by node-01/buyer-0007"))
                        .anyMatch(line -> line.contains("A1 released (or its session ended)"));
            } finally {
                ZooKeeperConnections.closeQuietly(holder);
                ZooKeeperConnections.closeQuietly(waiter);
            }
            assertThat(page.errors()).as("errors the page logged").isEmpty();
        }
    }

    @Test
    @DisplayName("follows a real race: the first holder, with buyers queued behind it, shows on the page while it holds the lock")
    void followsARace() throws Exception {
        try (GraderLockServer server = GraderLockServer.withRealClock();
             Watched watched = watch(LAB_02, new LockServerReader(lockServerUrl(server)))) {
            LivePage page = watched.page();
            page.awaitNoLocks();
            AtomicBoolean first = new AtomicBoolean(true);
            AtomicReference<String> shown = new AtomicReference<>();
            AtomicReference<Throwable> notShown = new AtomicReference<>();
            // The first buyer to get the lock keeps it until the page shows it, with others queued behind it. A
            // listener must not throw, so what went wrong is kept for after the race.
            StepListener holdTheFirstHolder = event -> {
                if (event.step() == Step.LOCK_GRANTED && first.compareAndSet(true, false)) {
                    String owner = event.node() + "/" + event.buyer();
                    try {
                        page.awaitHolder("seat-A1", owner, 1);
                        shown.set(owner);
                        watched.tab().screenshot(PICTURES.resolve("race-holder-and-queue.png"));
                    } catch (Throwable e) {
                        notShown.set(e);
                    }
                }
            };

            RaceResult result = Race.run(RaceSetup.of(Implementation.of(LabCatalog.find(2).orElseThrow(),
                            QueueOnTheLockServer.class)).services(server.services()).buyers(60).nodes(3).seats(1)
                    .steps(holdTheFirstHolder));

            if (notShown.get() != null) {
                throw new AssertionError("The page never showed the race's first holder of seat-A1", notShown.get());
            }
            assertThat(shown.get()).as("the holder the page showed during the race").isNotNull();
            assertThat(result.verdict().correct()).as(result.verdict().sentence()).isTrue();
            assertThat(result.audit().sold()).isEqualTo(1);
            page.awaitGone("seat-A1");
            assertThat(page.errors()).as("errors the page logged").isEmpty();
        }
    }

    /** A live view of what {@code reader} sees, open in a browser tab, headed {@code title}. */
    private static Watched watch(String title, SnapshotReader<?> reader) throws Exception {
        LiveViewServer view = null;
        try {
            view = LiveViewServer.start(title, reader, 0);
            BrowserTab tab = chromium.open(view.uri().toString());
            return new Watched(reader, view, tab, new LivePage(tab));
        } catch (Exception | Error e) {
            if (view != null) {
                view.close();
            }
            reader.close();
            throw e;
        }
    }

    /** A live view and the browser tab that shows it; closing it closes the tab, the view and its reader. */
    private record Watched(SnapshotReader<?> reader, LiveViewServer view, BrowserTab tab, LivePage page)
            implements AutoCloseable {

        @Override
        public void close() {
            tab.close();
            view.close();
            reader.close();
        }
    }

    private static URI lockServerUrl(GraderLockServer server) {
        return URI.create(server.services().requireLockServer());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort(); // free again once closed: nothing answers there
        }
    }

    /**
     * A correct lock on the lock server, for a race the page can follow: one acquire that waits in the server's queue,
     * with a lease far longer than the test holds it, and a release by holder token.
     */
    public static final class QueueOnTheLockServer implements LockLab<LockServerClient> {

        @Override
        public LockServerClient connect(NodeContext node) {
            return LockServerClient.connect(URI.create(node.services().requireLockServer()));
        }

        @Override
        public DistributedLock newLock(LockServerClient server, LockRequest request) {
            return new DistributedLock() {
                private Grant grant;

                @Override
                public boolean acquire(Duration maxWait) {
                    grant = server.acquire(request.lock(), request.owner(), LEASE, maxWait).grantIfAny().orElse(null);
                    return grant != null;
                }

                @Override
                public boolean isHeld() {
                    return grant != null;
                }

                @Override
                public void release() {
                    if (grant != null) {
                        server.release(grant);
                        grant = null;
                    }
                }
            };
        }
    }
}
