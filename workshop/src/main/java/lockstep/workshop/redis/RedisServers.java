package lockstep.workshop.redis;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import lockstep.workshop.ScratchFolders;
import redis.clients.jedis.HostAndPort;

/**
 * Real Redis servers for the labs, each a {@code redis-server} process of its own, independent of the others, as
 * Redlock wants them (no replication, no cluster). Being processes, they can be killed with SIGKILL and paused with
 * SIGSTOP for real (see {@code lockstep.workshop.faults}).
 *
 * <p>Guarantees: when {@link Builder#start()} returns, every server answers. Servers listen on 127.0.0.1 only, on
 * consecutive ports from a chosen first port, or on free ports. Each has a folder of its own in one scratch folder,
 * deleted by {@link #close()}, which also kills every server. A server that was killed can be {@link #restart
 * restarted} on its port, with its data or without (see {@link RedisPersistence}).
 *
 * <p>Servers are numbered from 0. Which {@code redis-server} runs is {@link RedisBinary#find()}'s choice unless the
 * builder is given one; {@link #binary()} tells, so a command can say which Redis ran.
 */
public final class RedisServers implements AutoCloseable {

    /** The most servers one call starts: each is a process, and Redlock's usual count is 5. */
    public static final int MAX_SERVERS = 9;

    /** How long a server may take to answer after its process started (20 to 50 ms here, on a busy machine). */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final String LOOPBACK = "127.0.0.1";
    private static final int ATTEMPTS_ON_FREE_PORTS = 3;

    /**
     * The servers of this JVM not closed yet. A JVM that ends without closing them (a test that forgot, Ctrl+C while
     * they start or during a grade) closes them on its way out, so no redis-server is left holding a port and no
     * folder is left behind. Only a JVM killed with SIGKILL leaves them running (on the ports {@code redis start} uses,
     * {@code ./lockstep redis status} shows their process ids).
     */
    private static final Set<RedisServers> OPEN = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> OPEN.forEach(RedisServers::close),
                "close the Redis servers left open"));
    }

    private final List<RedisServer> servers;
    private final RedisBinary binary;
    private final Path scratchFolder;

    private RedisServers(List<RedisServer> servers, RedisBinary binary, Path scratchFolder) {
        this.servers = List.copyOf(servers);
        this.binary = binary;
        this.scratchFolder = scratchFolder;
    }

    /**
     * Servers to start: {@code count} of them.
     *
     * @throws IllegalArgumentException unless {@code count} is between 1 and {@value #MAX_SERVERS}
     */
    public static Builder of(int count) {
        if (count < 1 || count > MAX_SERVERS) {
            throw new IllegalArgumentException("start 1 to " + MAX_SERVERS + " Redis servers, not " + count);
        }
        return new Builder(count);
    }

    /** How many servers there are, running or not. */
    public int size() {
        return servers.size();
    }

    /** The {@code redis-server} they run, with its version and where it came from. */
    public RedisBinary binary() {
        return binary;
    }

    /** Where server {@code server} listens. */
    public HostAndPort address(int server) {
        return serverAt(server).address();
    }

    /** Where every server listens, in order. */
    public List<HostAndPort> addresses() {
        return servers.stream().map(RedisServer::address).toList();
    }

    /** Every address, comma-separated: {@code 127.0.0.1:6379,127.0.0.1:6380}. */
    public String addressList() {
        return servers.stream().map(server -> server.address().toString()).collect(Collectors.joining(","));
    }

    /** Whether server {@code server}'s process is alive (a paused one is). */
    public boolean isRunning(int server) {
        return serverAt(server).isRunning();
    }

    /**
     * The process of server {@code server}, for the faults that signal it (kill, pause).
     *
     * @throws IllegalStateException if it does not run
     */
    public ProcessHandle process(int server) {
        return serverAt(server).process();
    }

    /** What server {@code server} keeps on disk now. */
    public RedisPersistence persistence(int server) {
        return serverAt(server).persistence();
    }

    /** The folder of server {@code server}: its {@code redis.conf}, {@code redis.log} and data. */
    public Path folder(int server) {
        return serverAt(server).folder();
    }

    /**
     * Starts server {@code server} again on its port, after it was killed, and returns once it answers. With
     * {@link RedisPersistence#AOF_FSYNC_ALWAYS} it reads back its append-only file, so it knows every key it
     * acknowledged while it ran with that setting; with {@link RedisPersistence#NONE} it starts empty.
     *
     * @throws IllegalStateException if it still runs: kill it first
     * @throws IOException if it does not answer within 30 s, or its port was taken meanwhile
     */
    public void restart(int server, RedisPersistence persistence) throws IOException {
        RedisServer restarted = serverAt(server);
        restarted.launch(Objects.requireNonNull(persistence, "persistence"));
        restarted.awaitAnswer(START_TIMEOUT);
    }

    /** Kills every server (paused ones too) and deletes their folders. */
    @Override
    public void close() {
        servers.forEach(RedisServer::stop);
        ScratchFolders.deleteQuietly(scratchFolder);
        OPEN.remove(this);
    }

    @Override
    public String toString() {
        return size() + (size() == 1 ? " Redis server" : " Redis servers") + " at " + addressList();
    }

    /** Chooses ports, persistence and binary, then starts the servers. */
    public static final class Builder {

        private final int count;
        private int firstPort; // 0: free ports
        private RedisPersistence persistence = RedisPersistence.NONE;
        private RedisBinary binary; // null: RedisBinary.find()

        private Builder(int count) {
            this.count = count;
        }

        /**
         * Listen on {@code firstPort}, {@code firstPort + 1}... (one port per server). Without it, servers take free
         * ports, which is what tests and graders want.
         */
        public Builder firstPort(int firstPort) {
            if (firstPort < 1 || firstPort + count - 1 > 65_535) {
                throw new IllegalArgumentException("ports must lie in 1..65535, and " + count + " from " + firstPort
                        + " do not");
            }
            this.firstPort = firstPort;
            return this;
        }

        /** What every server keeps on disk (default: {@link RedisPersistence#NONE}, as Redlock's lesson starts). */
        public Builder persistence(RedisPersistence persistence) {
            this.persistence = Objects.requireNonNull(persistence, "persistence");
            return this;
        }

        /** Run this {@code redis-server} instead of the one {@link RedisBinary#find()} picks. */
        public Builder binary(RedisBinary binary) {
            this.binary = Objects.requireNonNull(binary, "binary");
            return this;
        }

        /**
         * Starts every server, one process each, and returns once all answer.
         *
         * @throws BindException if a chosen port is taken (perhaps by another Redis)
         * @throws IOException if no redis-server can run here, or a server does not answer within 30 s
         */
        public RedisServers start() throws IOException {
            RedisBinary chosenBinary = binary != null ? binary : RedisBinary.find();
            if (firstPort != 0) {
                // A taken port makes its server exit at once, saying so in its log: a BindException, here.
                return startOn(IntStream.range(firstPort, firstPort + count).boxed().toList(), chosenBinary);
            }
            // A free port can be taken by someone else between our choosing it and Redis binding it; choose again.
            for (int attempt = 1; ; attempt++) {
                try {
                    return startOn(freePorts(count), chosenBinary);
                } catch (BindException taken) {
                    if (attempt == ATTEMPTS_ON_FREE_PORTS) {
                        throw taken;
                    }
                }
            }
        }

        private RedisServers startOn(List<Integer> ports, RedisBinary chosenBinary) throws IOException {
            Path scratch = ScratchFolders.create("lockstep-redis-");
            List<RedisServer> servers = new ArrayList<>();
            for (int index = 0; index < count; index++) {
                servers.add(new RedisServer(index, new HostAndPort(LOOPBACK, ports.get(index)),
                        scratch.resolve("server-" + index), chosenBinary, persistence));
            }
            RedisServers started = new RedisServers(servers, chosenBinary, scratch);
            OPEN.add(started);
            try {
                // All processes start at once, then each is awaited: on two cores, five servers come up in little
                // more time than one.
                for (RedisServer server : servers) {
                    server.launch(persistence);
                }
                for (RedisServer server : servers) {
                    server.awaitAnswer(START_TIMEOUT);
                }
                return started;
            } catch (IOException | RuntimeException e) {
                started.close();
                throw e;
            }
        }
    }

    private RedisServer serverAt(int server) {
        if (server < 0 || server >= servers.size()) {
            throw new IndexOutOfBoundsException("server must be 0.." + (servers.size() - 1) + " (numbered from 0), was " + server);
        }
        return servers.get(server);
    }

    /**
     * Ports that the kernel says are free now, distinct because they are held open together. They lie in the range the
     * kernel also hands out to outgoing connections, so one can be taken before Redis binds it; {@link Builder#start()}
     * then chooses again.
     */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            while (held.size() < count) {
                held.add(new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK)));
            }
            return held.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
    }
}
