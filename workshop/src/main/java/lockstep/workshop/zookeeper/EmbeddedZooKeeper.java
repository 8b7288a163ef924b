package lockstep.workshop.zookeeper;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * A real ZooKeeper service inside this JVM: one standalone server, or an ensemble of members that
 * elect a leader. It runs ZooKeeper's own server classes through their embedding API
 * ({@code ZooKeeperServerEmbedded}), so clients talk to it over TCP exactly as to a server started
 * with {@code zkServer.sh}.
 *
 * <p>Guarantees: when {@link Builder#start()} returns, every member serves clients. Each member
 * keeps its data in its own folder ({@code server-<myid>/data} below the data directory) and finds
 * it again when {@link #restart restarted}. Members bind to 127.0.0.1 only. Sessions may last from
 * 1 s to 60 s (the tick is 500 ms, so a session expires at most half a second after its timeout).
 * {@link #close()} stops every member and deletes the data directory if this object created it.
 *
 * <p>Members are numbered from 0 in this API; ZooKeeper itself numbers them from 1 (their
 * {@code myid}). Stopping a member closes its sockets at once, so its clients notice and move to
 * another member; it models a crashed or restarted server process, not a silent network failure
 * (use {@code lockstep.workshop.faults.TcpProxy} for that).
 *
 * <p>Why not curator-test's {@code TestingServer} and {@code TestingCluster}? They wrap the same
 * server classes, but pick temporary folders in {@code java.io.tmpdir} (and leave configuration
 * files there), fix the tick time we need short, and cannot tell who leads. Writing the
 * configuration ourselves keeps every setting in one place a learner can read.
 */
public final class EmbeddedZooKeeper implements AutoCloseable {

    /** How long start-up and restarts may take before we give up with a readable error. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(20);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int FIRST_CHOSEN_PORT = 20_000;
    private static final int END_OF_CHOSEN_PORTS = 32_768;

    private final List<ZooKeeperMember> members;
    private final Path dataDirectory;
    /** The ports chosen at random, claimed until {@link #close()}: no other ZooKeeper takes a stopped member's. */
    private final List<FileLock> portClaims;
    private final boolean deleteDataDirectoryOnClose;

    private EmbeddedZooKeeper(List<ZooKeeperMember> members, Path dataDirectory, boolean deleteDataDirectoryOnClose,
                              List<FileLock> portClaims) {
        this.members = List.copyOf(members);
        this.dataDirectory = dataDirectory;
        this.deleteDataDirectoryOnClose = deleteDataDirectoryOnClose;
        this.portClaims = List.copyOf(portClaims);
    }

    /** One server, no election: the quickest to start, and what the labs use by default. */
    public static Builder standalone() {
        return new Builder(1);
    }

    /**
     * An ensemble of {@code size} members (3 is the usual size: it survives one member down).
     *
     * @throws IllegalArgumentException unless {@code size} is between 2 and 7
     */
    public static Builder ensemble(int size) {
        if (size < 2 || size > 7) {
            throw new IllegalArgumentException("an ensemble has 2 to 7 members, was " + size);
        }
        return new Builder(size);
    }

    /** The connect string clients use, such as {@code 127.0.0.1:2181,127.0.0.1:2182,127.0.0.1:2183}. */
    public String connectString() {
        return members.stream().map(member -> hostAndPort(member.clientAddress())).collect(Collectors.joining(","));
    }

    /** How many members this service has (1 for a standalone server). */
    public int size() {
        return members.size();
    }

    /** Whether this is an ensemble (with a leader) rather than one standalone server. */
    public boolean isEnsemble() {
        return members.size() > 1;
    }

    /** The address member {@code member} serves clients on. */
    public InetSocketAddress clientAddress(int member) {
        return memberAt(member).clientAddress();
    }

    /** Where the members keep their data. */
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Whether member {@code member} runs (it may still be waiting for a quorum). */
    public boolean isRunning(int member) {
        return memberAt(member).isRunning();
    }

    /**
     * Stops one member, as if its process had crashed: its clients lose their connection at once
     * and reconnect to another member; its data stays on disk. Stopping a stopped member does
     * nothing.
     */
    public void stop(int member) {
        memberAt(member).stop();
    }

    /**
     * Starts a stopped member again with its data. If a majority of members then run, returns
     * once every running member serves clients; with fewer, no member can serve, so it returns
     * as soon as the member has started.
     *
     * @throws IOException if the member cannot start or the running members do not serve within 30 s
     */
    public void restart(int member) throws IOException {
        startMember(memberAt(member));
        if (runningCount() > members.size() / 2) {
            awaitServing(START_TIMEOUT);
        }
    }

    /**
     * The index of the member that leads the ensemble, waiting up to 30 s for an election to end.
     *
     * @throws IllegalStateException for a standalone server, or if no single leader appears in time
     */
    public int leader() {
        if (!isEnsemble()) {
            throw new IllegalStateException("a standalone server has no leader; start an ensemble to have one");
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (true) {
            List<ServerStatus> statuses = status();
            List<Integer> leaders = new ArrayList<>();
            for (int i = 0; i < statuses.size(); i++) {
                if (statuses.get(i).mode() == ServerMode.LEADER) {
                    leaders.add(i);
                }
            }
            if (leaders.size() == 1) {
                return leaders.get(0);
            }
            pauseBeforeNextProbe(deadline, "a single leader, but members said " + describe(statuses));
        }
    }

    /**
     * The member a session is connected to right now, as the members themselves report it
     * (their {@code cons} four-letter word), or empty if no running member has it.
     */
    public OptionalInt memberConnectedTo(long sessionId) {
        String needle = "sid=0x" + Long.toHexString(sessionId).toLowerCase(Locale.ROOT) + ",";
        for (ZooKeeperMember member : members) {
            if (!member.isRunning()) {
                continue;
            }
            try {
                String connections = FourLetterWords.ask(member.clientAddress(), "cons", PROBE_TIMEOUT);
                if (connections.toLowerCase(Locale.ROOT).contains(needle)) {
                    return OptionalInt.of(member.index());
                }
            } catch (IOException e) {
                // A member stopping as we ask cannot hold the session; keep looking at the others.
            }
        }
        return OptionalInt.empty();
    }

    /** Every member's answer to {@code srvr}, in member order (stopped members say "not answering"). */
    public List<ServerStatus> status() {
        return members.stream().map(member -> member.isRunning()
                ? FourLetterWords.status(member.clientAddress(), PROBE_TIMEOUT)
                : ServerStatus.notAnswering(member.clientAddress())).toList();
    }

    /**
     * Waits until every running member serves clients.
     *
     * @throws IOException if they do not within {@code timeout}; the message says what each member answered
     */
    public void awaitServing(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<ServerStatus> statuses = status();
            boolean allRunningServe = true;
            for (ZooKeeperMember member : members) {
                if (member.isRunning() && !statuses.get(member.index()).isServing()) {
                    allRunningServe = false;
                }
            }
            if (allRunningServe) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("ZooKeeper did not serve clients within " + timeout.toSeconds() + " s: "
                        + describe(statuses));
            }
            sleepQuietly(PROBE_INTERVAL);
        }
    }

    /** Stops every member; deletes the data directory if this object created it. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (ZooKeeperMember member : members) {
            try {
                member.stop();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        portClaims.forEach(PortClaims::release);
        if (deleteDataDirectoryOnClose) {
            lockstep.workshop.ScratchFolders.deleteQuietly(dataDirectory);
        }
        if (failure != null) {
            throw failure;
        }
    }

    @Override
    public String toString() {
        return (isEnsemble() ? "ensemble of " + size() : "standalone ZooKeeper") + " at " + connectString();
    }

    /** Chooses ports and a folder, then starts the service. */
    public static final class Builder {

        private final int size;
        private int firstClientPort; // 0: any free ports
        private Path dataDirectory; // null: a temporary folder, deleted on close

        private Builder(int size) {
            this.size = size;
        }

        /**
         * Serve clients on {@code firstPort}, {@code firstPort + 1}... (one port per member).
         * Without it, members take free ports, which is what tests and graders want.
         */
        public Builder clientPort(int firstPort) {
            if (firstPort < 1 || firstPort + size - 1 > 65_535) {
                throw new IllegalArgumentException("client ports must lie in 1..65535, first port was " + firstPort);
            }
            this.firstClientPort = firstPort;
            return this;
        }

        /** Keep the data in this folder (created if missing, kept on close, reused on the next start). */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = directory;
            return this;
        }

        /**
         * Starts every member and returns once all serve clients.
         *
         * @throws BindException if a chosen client port is taken (perhaps by another ZooKeeper)
         * @throws IOException if a member cannot start or the members do not serve within 30 s
         */
        public EmbeddedZooKeeper start() throws IOException {
            // Members of an ensemble also talk to each other (quorum and election ports); nobody
            // outside this JVM connects to those, so any free ports do. Each is claimed until this
            // ZooKeeper closes, so that no other ZooKeeper takes one while its member is stopped.
            int peerPorts = size > 1 ? 2 * size : 0;
            List<FileLock> claims = freePorts(peerPorts + (firstClientPort == 0 ? size : 0));
            EmbeddedZooKeeper zooKeeper;
            try {
                zooKeeper = assemble(claims);
            } catch (IOException | RuntimeException e) {
                claims.forEach(PortClaims::release);
                throw e;
            }
            try {
                for (ZooKeeperMember member : zooKeeper.members) {
                    startMember(member);
                }
                zooKeeper.awaitServing(START_TIMEOUT);
                return zooKeeper;
            } catch (IOException | RuntimeException e) {
                try {
                    zooKeeper.close();
                } catch (RuntimeException cleanupFailure) {
                    e.addSuppressed(cleanupFailure);
                }
                throw e;
            }
        }

        /** The members' ports, folders and configurations; nothing runs yet. */
        private EmbeddedZooKeeper assemble(List<FileLock> claims) throws IOException {
            int peerPorts = size > 1 ? 2 * size : 0;
            List<Integer> freePorts = claims.stream().map(claim -> (int) claim.position()).toList();
            List<Integer> quorumPorts = freePorts.subList(0, peerPorts / 2);
            List<Integer> electionPorts = freePorts.subList(peerPorts / 2, peerPorts);
            List<Integer> clientPorts = firstClientPort == 0 ? freePorts.subList(peerPorts, freePorts.size()) : chosenPorts();
            boolean temporary = dataDirectory == null;
            Path root = temporary ? Files.createTempDirectory("lockstep-zookeeper-") : dataDirectory;

            List<ZooKeeperMember> members = new ArrayList<>();
            for (int index = 0; index < size; index++) {
                Path memberDirectory = root.resolve("server-" + (index + 1));
                Properties configuration = configuration(index, memberDirectory, clientPorts, quorumPorts, electionPorts);
                InetSocketAddress clientAddress = new InetSocketAddress(LOOPBACK, clientPorts.get(index));
                members.add(new ZooKeeperMember(index, clientAddress, memberDirectory, configuration));
            }
            return new EmbeddedZooKeeper(members, root, temporary, claims);
        }

        private List<Integer> chosenPorts() throws BindException {
            List<Integer> ports = new ArrayList<>();
            for (int index = 0; index < size; index++) {
                int port = firstClientPort + index;
                ensureFree(port);
                ports.add(port);
            }
            return ports;
        }

        private Properties configuration(int index, Path memberDirectory, List<Integer> clientPorts,
                List<Integer> quorumPorts, List<Integer> electionPorts) throws IOException {
            Properties configuration = new Properties();
            // One tick is ZooKeeper's unit of time: sessions are checked for expiry once a tick.
            configuration.setProperty("tickTime", "500");
            // An ensemble member may take 10 ticks to catch up with the leader, and 5 to answer it.
            configuration.setProperty("initLimit", "10");
            configuration.setProperty("syncLimit", "5");
            // Short sessions for tests (1 s), long ones for labs run by hand (60 s).
            configuration.setProperty("minSessionTimeout", "1000");
            configuration.setProperty("maxSessionTimeout", "60000");
            configuration.setProperty("dataDir", memberDirectory.resolve("data").toAbsolutePath().toString());
            configuration.setProperty("clientPortAddress", LOOPBACK);
            configuration.setProperty("clientPort", Integer.toString(clientPorts.get(index)));
            // A race opens many sessions from 127.0.0.1; the default limit is 60 per address.
            configuration.setProperty("maxClientCnxns", "0");
            // The thread that reads a request off the socket also hands it to the server's pipeline,
            // instead of passing it to a pool thread first: one thread switch fewer per request. On
            // two cores that switch cost more than the pool's parallelism won (a lock handoff is a
            // chain of requests: 1,000 handoffs of Lab 05's race took 1.9 s instead of 2.1 s).
            // ZooKeeper reads keys it does not know as system properties: this is
            // zookeeper.nio.numWorkerThreads.
            configuration.setProperty("nio.numWorkerThreads", "0");
            // The admin web server would take port 8080; the four-letter words tell us enough.
            configuration.setProperty("admin.enableServer", "false");
            // wchp (who watches which znode) is what `lockstep visualize` counts watchers with.
            configuration.setProperty("4lw.commands.whitelist", "srvr,cons,mntr,ruok,wchs,wchp");
            if (size > 1) {
                for (int peer = 0; peer < size; peer++) {
                    configuration.setProperty("server." + (peer + 1),
                            LOOPBACK + ":" + quorumPorts.get(peer) + ":" + electionPorts.get(peer));
                }
                Path data = memberDirectory.resolve("data");
                Files.createDirectories(data);
                Files.writeString(data.resolve("myid"), Integer.toString(index + 1));
            }
            return configuration;
        }
    }

    private static void startMember(ZooKeeperMember member) throws IOException {
        try {
            member.start();
        } catch (IOException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while starting ZooKeeper " + member);
        } catch (Exception e) {
            // ZooKeeper's embedding API declares 'throws Exception'; give the caller one type to handle.
            throw new IOException("ZooKeeper " + member + " did not start: " + e.getMessage(), e);
        }
    }

    private ZooKeeperMember memberAt(int member) {
        if (member < 0 || member >= members.size()) {
            throw new IndexOutOfBoundsException(
                    "member must be 0.." + (members.size() - 1) + " (numbered from 0), was " + member);
        }
        return members.get(member);
    }

    private int runningCount() {
        return (int) members.stream().filter(ZooKeeperMember::isRunning).count();
    }

    private static void pauseBeforeNextProbe(long deadline, String awaited) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("waited " + START_TIMEOUT.toSeconds() + " s for " + awaited);
        }
        sleepQuietly(PROBE_INTERVAL);
    }

    private static void sleepQuietly(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for ZooKeeper", e);
        }
    }

    private static String describe(List<ServerStatus> statuses) {
        return statuses.stream().map(status -> status.hostAndPort() + " " + status.mode().describe())
                .collect(Collectors.joining(", "));
    }

    private static String hostAndPort(InetSocketAddress address) {
        return address.getHostString() + ":" + address.getPort();
    }

    /** Binds and releases a port on 127.0.0.1, so a taken port fails with a clear sentence before ZooKeeper starts. */
    private static void ensureFree(int port) throws BindException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
            throw new BindException(LOOPBACK + ":" + port + " is already in use");
        }
    }

    /**
     * Ports that are free now, held open together so that they are distinct, and chosen below the
     * range the kernel hands out to outgoing connections (32768 and up on Linux, 49152 and up on
     * macOS): there, a client connecting somewhere could take a port between our choosing it and a
     * member binding it, and a member that cannot bind its election port never joins the quorum.
     */
    /**
     * Chooses {@code count} ports at random between 20000 and 32767 (below the range the kernel hands out for
     * outgoing connections), each free now and claimed ({@link PortClaims}) by nobody else.
     */
    private static List<FileLock> freePorts(int count) throws IOException {
        List<FileLock> claims = new ArrayList<>();
        try {
            for (int attempt = 0; claims.size() < count; attempt++) {
                if (attempt > 1_000) {
                    throw new BindException("found no " + count + " free ports between " + FIRST_CHOSEN_PORT
                            + " and " + END_OF_CHOSEN_PORTS + " on " + LOOPBACK);
                }
                int candidate = ThreadLocalRandom.current().nextInt(FIRST_CHOSEN_PORT, END_OF_CHOSEN_PORTS);
                Optional<FileLock> claim = PortClaims.tryClaim(candidate);
                if (claim.isEmpty()) {
                    continue; // another ZooKeeper's, running or stopped
                }
                if (isFree(candidate)) {
                    claims.add(claim.get());
                } else {
                    PortClaims.release(claim.get()); // in use by something else: try another
                }
            }
            return claims;
        } catch (IOException | RuntimeException e) {
            claims.forEach(PortClaims::release);
            throw e;
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException taken) {
            return false;
        }
    }
}
