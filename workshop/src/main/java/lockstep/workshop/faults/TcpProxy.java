package lockstep.workshop.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A TCP proxy on a free port of 127.0.0.1 that forwards every connection to one target, and can
 * cut the traffic to model a network partition. Clients connect to {@link #hostAndPort()} instead
 * of the target.
 *
 * <p>{@link #cut()} <em>freezes</em> the traffic: connections stay open but no byte passes, either
 * way; new connections are accepted but go nowhere. Neither side gets a reset it could react to:
 * like a real partition, silence is all they see. A ZooKeeper client therefore notices only when its
 * heartbeats go unanswered (Disconnected, Curator's SUSPENDED, after two thirds of the session
 * timeout), and the server expires the session once the whole timeout passes without a heartbeat
 * (Curator's LOST). A cut that ends sooner keeps the session. {@link #restore()} lets the held
 * traffic through.
 *
 * <p>{@link #dropConnections()} is the other kind of network fault: it resets every open connection
 * at once, which a ZooKeeper client notices at once and repairs by reconnecting (through the proxy
 * again) with its session intact. {@link #refuse()} resets them too, and every new one until
 * {@link #restore()}: to its clients the target is down, and each of their tries fails at once.
 *
 * <p>Three faults act on single requests and answers, for request-response protocols such as
 * Redis's, where a client has one request at a time on a connection: {@link #delayAnswers} makes
 * the target slow to answer; {@link #loseNextAnswer()} lets a request reach the target and be
 * applied while its answer never comes back (the client times out, not knowing); and
 * {@link #cutAfterNextRequest()} lets one request through and then cuts, as if the client died
 * right after sending it.
 */
public final class TcpProxy implements AutoCloseable {

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;
    private static final long CUT_SETTLE_MILLIS = 5_000;

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final TrafficGate gate = new TrafficGate();
    private final Set<ProxiedConnection> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean refusing;
    private volatile long answerDelayNanos;
    private final AtomicBoolean loseNextAnswer = new AtomicBoolean();
    private final AtomicReference<String> lostAnswer = new AtomicReference<>();
    private final AtomicBoolean cutAfterNextRequest = new AtomicBoolean();
    private volatile CountDownLatch cutAfterRequest = new CountDownLatch(1);

    private TcpProxy(InetSocketAddress target, ServerSocket listener) {
        this.target = target;
        this.listener = listener;
    }

    /** Starts a proxy to {@code target} on a free port of 127.0.0.1; traffic flows. */
    public static TcpProxy start(InetSocketAddress target) throws IOException {
        ServerSocket listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        TcpProxy proxy = new TcpProxy(target, listener);
        daemon("proxy " + proxy.hostAndPort() + " accepting", proxy::acceptConnections).start();
        return proxy;
    }

    /** Where clients connect instead of the target. */
    public InetSocketAddress address() {
        return new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort());
    }

    /** {@code 127.0.0.1:PORT}, as it would appear in a connect string. */
    public String hostAndPort() {
        return "127.0.0.1:" + listener.getLocalPort();
    }

    /** The address traffic is forwarded to. */
    public InetSocketAddress target() {
        return target;
    }

    /** Freezes all traffic, both ways, on open and new connections; returns once no byte is passing. */
    public FaultEvent cut() throws InterruptedException {
        long start = System.nanoTime();
        gate.shut(CUT_SETTLE_MILLIS);
        return FaultEvent.since("cut", describe(), start);
    }

    /** Lets traffic flow again, the held bytes first, and new connections through. */
    public FaultEvent restore() {
        long start = System.nanoTime();
        refusing = false;
        gate.open();
        return FaultEvent.since("restore", describe(), start);
    }

    /** Whether traffic is frozen. */
    public boolean isCut() {
        return !gate.isOpen();
    }

    /** Resets every open connection, both ends; new connections are forwarded as before (unless cut). */
    public FaultEvent dropConnections() {
        long start = System.nanoTime();
        for (ProxiedConnection connection : connections) {
            connection.reset();
        }
        return FaultEvent.since("drop connections", describe(), start);
    }

    /**
     * Resets every open connection and, until {@link #restore()}, every new one as soon as it is accepted: to these
     * clients the target is down, as if its process had ended, while everyone else reaches it as before. Unlike after
     * {@link #cut()}, a client knows at once, and every try it makes fails at once instead of waiting out its timeout.
     */
    public FaultEvent refuse() {
        long start = System.nanoTime();
        refusing = true;
        for (ProxiedConnection connection : connections) {
            connection.reset();
        }
        return FaultEvent.since("refuse", describe(), start);
    }

    /**
     * From now on the target seems slow: every answer (every chunk it sends a client) is passed on {@code delay} after
     * it arrived. Zero passes answers at once again.
     */
    public void delayAnswers(Duration delay) {
        answerDelayNanos = delay.toNanos();
    }

    /**
     * The next answer the target sends, on whichever connection, is thrown away, and so is everything that target
     * sends on that connection afterwards: its request was applied, and its client waits in vain until its own timeout.
     * Other connections, and new ones, are not touched. See {@link #lostAnswer()}.
     */
    public void loseNextAnswer() {
        lostAnswer.set(null);
        loseNextAnswer.set(true);
    }

    /** The answer {@link #loseNextAnswer()} threw away, as text (for Redis, {@code +OK} or {@code :1}), once it has. */
    public Optional<String> lostAnswer() {
        return Optional.ofNullable(lostAnswer.get());
    }

    /**
     * The next request a client sends passes to the target, and at that instant the proxy cuts, as {@link #cut()}
     * does: its answer, and every byte after it either way, wait until {@link #restore()}. As if the client had died
     * just after sending it. {@link #awaitCutAfterRequest} says when it happened.
     */
    public void cutAfterNextRequest() {
        cutAfterRequest = new CountDownLatch(1);
        cutAfterNextRequest.set(true);
    }

    /** Waits until the cut of {@link #cutAfterNextRequest()} has happened; false if it did not within {@code budget}. */
    public boolean awaitCutAfterRequest(Duration budget) throws InterruptedException {
        return cutAfterRequest.await(budget.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** How many client connections are open through the proxy. */
    public int openConnections() {
        return connections.size();
    }

    /** Stops accepting and closes every connection. */
    @Override
    public void close() {
        try {
            listener.close();
        } catch (IOException e) {
            // Safe to ignore: the listener is unusable either way, and the connections close below.
        }
        gate.closeForGood();
        for (ProxiedConnection connection : connections) {
            connection.reset();
        }
    }

    @Override
    public String toString() {
        return describe();
    }

    private String describe() {
        return "proxy " + hostAndPort() + " -> " + target.getHostString() + ":" + target.getPort();
    }

    private void acceptConnections() {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            ProxiedConnection connection = new ProxiedConnection(client);
            if (refusing) {
                connection.reset();
                continue;
            }
            connections.add(connection);
            daemon(describe() + " connecting", connection::connectAndForward).start();
        }
    }

    private static Thread daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** One client connection and its twin to the target. */
    private final class ProxiedConnection {

        private final Socket client;
        private final Socket upstream = new Socket();
        private int directionsOpen = 2; // guarded by this

        ProxiedConnection(Socket client) {
            this.client = client;
        }

        void connectAndForward() {
            try {
                // During a cut a new connection waits here: across a partition not even its set-up gets through.
                if (!gate.beginStep()) {
                    reset();
                    return;
                }
                try {
                    upstream.connect(target, CONNECT_TIMEOUT_MILLIS);
                    client.setTcpNoDelay(true);
                    upstream.setTcpNoDelay(true);
                } finally {
                    gate.endStep();
                }
                daemon(describe() + " to target", () -> forward(client, upstream, false)).start();
                forward(upstream, client, true);
            } catch (IOException e) {
                reset(); // the target refused: the client sees its connection reset, as it would without us
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            }
        }

        /**
         * Copies bytes from one socket to the other, one gated step per chunk, until either ends. {@code answers}: this
         * is the target's direction, whose chunks may be delayed or lost.
         */
        private void forward(Socket from, Socket to, boolean answers) {
            byte[] buffer = new byte[16 * 1024];
            boolean deaf = false; // this connection lost an answer: its client hears nothing more
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int read = in.read(buffer);
                    long arrived = System.nanoTime();
                    if (answers && read > 0) {
                        if (!deaf && loseNextAnswer.compareAndSet(true, false)) {
                            lostAnswer.set(new String(buffer, 0, read, StandardCharsets.UTF_8).strip());
                            deaf = true;
                        }
                        if (deaf) {
                            continue;
                        }
                        awaitDelayOf(arrived);
                    }
                    if (!gate.beginStep()) {
                        return;
                    }
                    try {
                        if (read < 0) {
                            to.shutdownOutput(); // pass the end of stream on, when the gate lets it
                            return;
                        }
                        boolean cutBehind = !answers && cutAfterNextRequest.compareAndSet(true, false);
                        if (cutBehind) {
                            // Shut before the request leaves, so that not even its answer can slip through.
                            gate.shutNow();
                        }
                        out.write(buffer, 0, read);
                        out.flush();
                        if (cutBehind) {
                            cutAfterRequest.countDown();
                        }
                    } finally {
                        gate.endStep();
                    }
                }
            } catch (IOException e) {
                reset(); // one side reset or failed: the other must know too
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reset();
            } finally {
                directionEnded();
            }
        }

        /** Sleeps until {@code arrivedNanos} plus the answer delay. */
        private void awaitDelayOf(long arrivedNanos) throws InterruptedException {
            long left = arrivedNanos + answerDelayNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.sleep(left);
            }
        }

        private void directionEnded() {
            boolean bothEnded;
            synchronized (this) {
                directionsOpen--;
                bothEnded = directionsOpen <= 0;
            }
            if (bothEnded) {
                closeQuietly(client);
                closeQuietly(upstream);
                connections.remove(this);
            }
        }

        /** Closes both sockets with a reset (RST) rather than an orderly end. */
        void reset() {
            resetQuietly(client);
            resetQuietly(upstream);
            connections.remove(this);
        }

        private void resetQuietly(Socket socket) {
            try {
                if (!socket.isClosed()) {
                    socket.setSoLinger(true, 0);
                }
            } catch (SocketException e) {
                // Not connected (yet): closing below is all there is to do.
            }
            closeQuietly(socket);
        }

        private void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // Safe to ignore: the socket is unusable either way.
            }
        }
    }
}
