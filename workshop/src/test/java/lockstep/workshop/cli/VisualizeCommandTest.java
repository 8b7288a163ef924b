package lockstep.workshop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.live.Board;
import lockstep.workshop.live.ZnodeReader;
import lockstep.workshop.live.ZnodeSnapshot;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

@DisplayName("./lockstep visualize")
class VisualizeCommandTest {

    private static final Duration HOLDER_SESSION = Duration.ofSeconds(4);

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();


    @Test
    @DisplayName("shows each lock znode with its holder, session, session timeout, and the sessions waiting on it")
    void showsHolderSessionTimeoutAndWatchers() throws Exception {
        ZooKeeper holder = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        ZooKeeper waiter = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        try {
            createPath(holder, "/lockstep/locks");
            holder.create("/lockstep/locks/A1", "node-03/buyer-0042".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            holder.exists("/lockstep/locks/A1", event -> { }); // a holder watching its own znode is not a waiter
            waiter.exists("/lockstep/locks/A1", event -> { });

            int exitCode = visualize("--lab", "03", "--zk", zooKeeper.connectString(), "--once");

            assertThat(exitCode).isZero();
            assertThat(out.toString())
                    .contains("Lock znodes under /lockstep/locks at " + zooKeeper.connectString())
                    .containsPattern("A1 +node-03/buyer-0042 +0x" + Long.toHexString(holder.getSessionId())
                            + " +4,000 ms +\\d+\\.\\d s +0x[0-9a-f]+ +0 +1\\n")
                    .contains("A1 taken by node-03/buyer-0042 (session 0x" + Long.toHexString(holder.getSessionId()) + ")");
        } finally {
            ZooKeeperConnections.closeQuietly(holder);
            ZooKeeperConnections.closeQuietly(waiter);
        }
    }

    @Test
    @DisplayName("shows each seat's queue of Lab 04 first in line first, with whom each session watches")
    void showsEachSeatsQueue() throws Exception {
        ZooKeeper holder = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        ZooKeeper waiter = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        try {
            createPath(holder, "/lockstep/lab04/C3");
            String first = holder.create("/lockstep/lab04/C3/lock-a-",
                    "node-01/buyer-0007".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL);
            String second = waiter.create("/lockstep/lab04/C3/lock-b-",
                    "node-02/buyer-0042".getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                    CreateMode.EPHEMERAL_SEQUENTIAL);
            waiter.getData(first, event -> { }, null); // the recipe's waiter watches the one before it

            int exitCode = visualize("--lab", "04", "--zk", zooKeeper.connectString(), "--once");

            assertThat(exitCode).isZero();
            assertThat(out.toString())
                    .contains("Queues under /lockstep/lab04 at " + zooKeeper.connectString())
                    .contains("C3: held by node-01/buyer-0007, 1 waiting")
                    .containsPattern("1 +" + sequence(first) + " +node-01/buyer-0007 +0x"
                            + Long.toHexString(holder.getSessionId()) + " +holds \\d+\\.\\d s +nothing")
                    .containsPattern("2 +" + sequence(second) + " +node-02/buyer-0042 +0x"
                            + Long.toHexString(waiter.getSessionId()) + " +waits \\d+\\.\\d s +the one before it"
                            + " \\(" + sequence(first) + "\\)")
                    .contains("C3 taken by node-01/buyer-0007 (" + sequence(first) + ")");
        } finally {
            ZooKeeperConnections.closeQuietly(holder);
            ZooKeeperConnections.closeQuietly(waiter);
        }
    }

    @Test
    @DisplayName("flags a lock held longer than the threshold, with its age, holder, fence and line, and not a younger one")
    void flagsALockHeldTooLong() throws Exception {
        ZooKeeper job = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        ZooKeeper buyer = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        Duration threshold = Duration.ofSeconds(10);
        try {
            createPath(job, "/lockstep/hung/A1");
            createPath(job, "/lockstep/hung/B2");
            Stat old = new Stat();
            job.create("/lockstep/hung/A1/_c_1-lock-", "job/seat-map".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL, old);
            buyer.create("/lockstep/hung/A1/_c_2-lock-", "Node_Beta".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL); // Bob queues behind the job
            Stat young = createLaterThan(buyer, "/lockstep/hung/B2/_c_3-lock-", old.getCtime());
            // The look is dated exactly the threshold after B2 was taken: B2 is not held longer than it, A1 is.
            long lookAt = young.getCtime() + threshold.toMillis();

            try (ZnodeReader reader = new ZnodeReader(zooKeeper.connectString(), "/lockstep/hung", threshold,
                    () -> lookAt)) {
                ZnodeSnapshot look = reader.read();
                String frame = String.join("\n", ZnodeView.lines(look));

                assertThat(frame)
                        .containsPattern("! A1 +job/seat-map +0x" + Long.toHexString(job.getSessionId()) + " .*"
                                + " 0x" + Long.toHexString(old.getCzxid()) + " +1 +")
                        .containsPattern("\\n {2}B2 +Node_Beta ")
                        .contains("! A1 held " + look.heldFor(look.locks().get(0)) + " by job/seat-map, longer than"
                                + " 10 s: a hung holder?")
                        .doesNotContain("B2 held");
                assertThat(look.board().locks()).extracting(Board.Card::name, card -> !card.warning().isEmpty())
                        .containsExactly(tuple("A1", true), tuple("A1 #2", false), tuple("B2", false));
                assertThat(look.board().locks().get(0).facts()).contains(new Board.Fact("in line", "1"),
                        new Board.Fact("czxid", "0x" + Long.toHexString(old.getCzxid())));
            }
        } finally {
            ZooKeeperConnections.closeQuietly(job);
            ZooKeeperConnections.closeQuietly(buyer);
        }
    }

    @Test
    @DisplayName("refuses a negative --held-too-long with a sentence that names the flag")
    void refusesANegativeThreshold() {
        int exitCode = visualize("--lab", "08", "--held-too-long", "-1", "--once");

        assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("--held-too-long is how many seconds", "but was -1");
    }

    @Test
    @DisplayName("notes between frames that a lock passed from one holder to the next, and was released")
    void notesChangesBetweenFrames() throws Exception {
        ZooKeeper first = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        ZooKeeper second = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        try (ZnodeReader reader = new ZnodeReader(zooKeeper.connectString(), "/lockstep/locks")) {
            createPath(first, "/lockstep/locks");
            first.create("/lockstep/locks/B2", "Node_Alpha/Node_Alpha".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            reader.read();
            ZooKeeperConnections.closeQuietly(first); // a clean close deletes the ephemeral znode at once
            second.create("/lockstep/locks/B2", "Node_Beta/Node_Beta".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL);
            reader.read();
            second.delete("/lockstep/locks/B2", -1);

            String frame = String.join("\n", ZnodeView.lines(reader.read()));

            assertThat(frame)
                    .contains("B2 passed from Node_Alpha/Node_Alpha to Node_Beta/Node_Beta")
                    .contains("B2 released (or its session ended): Node_Beta/Node_Beta no longer holds it");
        } finally {
            ZooKeeperConnections.closeQuietly(second);
        }
    }

    @Test
    @DisplayName("shows a seat's queue of sequential znodes in order: the holder, then each waiter, watched by the one behind it")
    void showsAQueueInOrder() throws Exception {
        ZooKeeper alpha = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        ZooKeeper beta = ZooKeeperConnections.zooKeeper(zooKeeper.connectString(), HOLDER_SESSION, event -> { });
        try {
            createPath(alpha, "/lockstep/lab05/A1");
            createPath(alpha, "/lockstep/lab05/B2"); // an empty queue: nobody holds B2
            // Named as Curator names them: a random part first, so only the sequence number orders them.
            String first = alpha.create("/lockstep/lab05/A1/_c_f0-lock-", "Node_Alpha".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
            beta.create("/lockstep/lab05/A1/_c_0b-lock-", "Node_Beta".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL);
            beta.exists(first, event -> { }); // the waiter watches the znode before its own

            int exitCode = visualize("--lab", "05", "--zk", zooKeeper.connectString(), "--once");

            assertThat(exitCode).isZero();
            assertThat(out.toString())
                    .containsPattern("A1 +Node_Alpha +0x" + Long.toHexString(alpha.getSessionId()) + " .* 1\\n")
                    .containsPattern("A1 #2 +Node_Beta +0x" + Long.toHexString(beta.getSessionId()) + " .* 0\\n")
                    .contains("A1 taken by Node_Alpha")
                    .doesNotContain("B2")
                    .doesNotContain("PERSISTENT");
        } finally {
            ZooKeeperConnections.closeQuietly(alpha);
            ZooKeeperConnections.closeQuietly(beta);
        }
    }

    @Test
    @DisplayName("says so when no ZooKeeper answers, how to start one, and with --once exits with code 3")
    void saysSoWhenZooKeeperIsDown() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort(); // free again once closed: nothing answers there
        }

        int exitCode = visualize("--lab", "03", "--zk", "127.0.0.1:" + port, "--once");

        assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(out.toString())
                .contains("No ZooKeeper answers at 127.0.0.1:" + port)
                .contains("./lockstep zk start");
    }

    @Test
    @DisplayName("by default shows the lock server: each lock with owner, fencing token and time left, then the last events")
    void showsLocksAndEvents() throws Exception {
        try (GraderLockServer server = GraderLockServer.withManualClock()) {
            String url = server.services().requireLockServer();
            try (LockServerClient client = LockServerClient.connect(URI.create(url))) {
                Grant gone = client.acquire("seat-B7", "Node_Beta", Duration.ofSeconds(2)).grantIfAny().orElseThrow();
                client.release(gone);
                client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(2));
                client.acquire("seat-A1", "Node_Gamma", Duration.ofSeconds(2));
            }

            int exitCode = visualize("--server", url, "--once");

            assertThat(exitCode).isZero();
            assertThat(out.toString())
                    .containsPattern("seat-A1 +Node_Alpha +2 +2\\.0 s +0")
                    .contains("granted  seat-B7", "released seat-B7", "granted  seat-A1", "denied   seat-A1");
        }
    }

    @Test
    @DisplayName("says so when no lock server answers, and with --once exits with code 3")
    void serverDown() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }

        int exitCode = visualize("--server", "http://127.0.0.1:" + port, "--once");

        assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(out.toString()).contains("No lock server answers here", "./lockstep lock-server");
    }

    @Test
    @DisplayName("for a lab without a lock service, says which lab it can show")
    void labWithoutALockService() {
        int exitCode = visualize("--lab", "01", "--once");

        assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.toString()).contains("has no lock service to watch", "--lab 02", "--lab 03");
    }

    @Nested
    @DisplayName("--web")
    class Web {

        @RegisterExtension
        final Background background = new Background();

        @Test
        @DisplayName("serves the live page on 127.0.0.1, prints its address, shows a lock server's holder, and stops cleanly")
        void servesThePage() throws Exception {
            try (GraderLockServer server = GraderLockServer.withRealClock();
                 LockServerClient client = LockServerClient.connect(URI.create(server.services().requireLockServer()))) {
                VisualizeCommand command = new VisualizeCommand();
                CapturedOutput output = new CapturedOutput();
                Future<Integer> exitCode = background.submit(() -> output.commandLine(command).execute("--web",
                        "--port", "0", "--server", server.services().requireLockServer()));

                output.awaitOut("Press Ctrl+C to stop.");
                Matcher printed = Pattern.compile("Live view of Lab 02 · The TTL lock server at (http://127\\.0\\.0\\.1"
                        + ":\\d+/) \\(open it in a browser on this machine\\)\\.").matcher(output.out());
                assertThat(printed.find()).as("the address printed in: %s", output.out()).isTrue();
                client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(30));
                URI snapshot = URI.create(printed.group(1)).resolve("/snapshot");
                String look = awaitBody(snapshot, "\"holder\":\"Node_Alpha\"");

                assertThat(look).contains("\"title\":\"Lab 02 · The TTL lock server\"", "\"name\":\"seat-A1\"");
                command.requestStop();
                assertThat(exitCode.get(Timing.forLiveView().toMillis(), TimeUnit.MILLISECONDS)).isZero();
            }
        }

        @Test
        @DisplayName("on a port in use, says so in one sentence with what to do, and exits with code 3")
        void portInUse() throws IOException {
            try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                int port = taken.getLocalPort();

                int exitCode = visualize("--web", "--port", Integer.toString(port), "--server", "http://127.0.0.1:1");

                assertThat(exitCode).isEqualTo(ExitCodes.UNAVAILABLE);
                assertThat(err.toString()).isEqualTo("lockstep visualize: port " + port + " on 127.0.0.1 is already in"
                        + " use, perhaps by another './lockstep visualize --web'; stop that one with Ctrl+C, or choose"
                        + " another port with --port (0 picks a free one)." + System.lineSeparator());
            }
        }

        @ParameterizedTest(name = "--port {0}")
        @ValueSource(strings = {"65536", "-1"})
        @DisplayName("refuses a port out of range, naming --port and the value, with code 2, before anything starts")
        void portOutOfRange(String port) {
            int exitCode = visualize("--web", "--port", port);

            assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(err.toString()).contains("lockstep visualize: --port must be between 0 and 65535 (0 picks a free"
                    + " port), for example 14080, but was " + port, "See './lockstep visualize --help'.");
        }

        @Test
        @DisplayName("refuses a port that is not a number, naming --port, with code 2")
        void portNotANumber() {
            int exitCode = visualize("--web", "--port", "eighty");

            assertThat(exitCode).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(err.toString()).contains("--port", "'eighty'");
        }

        @Test
        @DisplayName("refuses --port without --web, and --web with --once, with code 2")
        void optionsThatDoNotFit() {
            assertThat(visualize("--port", "8080")).isEqualTo(ExitCodes.BAD_INPUT);
            assertThat(visualize("--web", "--once")).isEqualTo(ExitCodes.BAD_INPUT);

            assertThat(err.toString()).contains("--port is the port of the web page; add --web to serve it")
                    .contains("--once prints the terminal view once, and --web serves a page until Ctrl+C; choose one");
        }

        @Test
        @DisplayName("its help names --web, the default port, and how it ends")
        void help() {
            int exitCode = visualize("--help");

            assertThat(exitCode).isZero();
            assertThat(out.toString().replaceAll("\\s+", " "))
                    .contains("--web", "--port=PORT", "default 14080", "0 picks a free one")
                    .contains("http://127.0.0.1:14080/ (this machine only)", "Ctrl+C stops it (exit 130)");
        }

        private String awaitBody(URI uri, String wanted) throws Exception {
            HttpClient http = HttpClient.newHttpClient();
            long deadline = System.nanoTime() + Timing.forLiveView().toNanos();
            while (true) {
                String body = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body();
                if (body.contains(wanted)) {
                    return body;
                }
                assertThat(System.nanoTime()).withFailMessage("%s never showed %s; the last answer was %s", uri, wanted,
                        body).isLessThan(deadline);
                Thread.sleep(20); // how often to ask again, not a wait for anything
            }
        }
    }

    private int visualize(String... args) {
        CommandLine commandLine = Lockstep.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] full = new String[args.length + 1];
        full[0] = "visualize";
        System.arraycopy(args, 0, full, 1, args.length);
        return commandLine.execute(full);
    }

    /** The ten digits ZooKeeper appended to a sequential znode's name. */
    /**
     * Creates an ephemeral sequential znode at {@code prefix} whose creation time, on ZooKeeper's clock, is later than
     * {@code millis}: creates again (deleting the last) until the clock has moved on, a millisecond or two.
     */
    private static Stat createLaterThan(ZooKeeper client, String prefix, long millis) throws Exception {
        while (true) {
            Stat stat = new Stat();
            String path = client.create(prefix, "Node_Beta".getBytes(StandardCharsets.UTF_8),
                    ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.EPHEMERAL_SEQUENTIAL, stat);
            if (stat.getCtime() > millis) {
                return stat;
            }
            client.delete(path, -1);
        }
    }

    private static String sequence(String path) {
        return path.substring(path.length() - 10);
    }

    private static void createPath(ZooKeeper client, String path) throws Exception {
        StringBuilder prefix = new StringBuilder();
        for (String part : path.substring(1).split("/")) {
            prefix.append('/').append(part);
            if (client.exists(prefix.toString(), false) == null) {
                try {
                    client.create(prefix.toString(), new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                } catch (org.apache.zookeeper.KeeperException.NodeExistsException e) {
                    // another test made it first
                }
            }
        }
    }
}
