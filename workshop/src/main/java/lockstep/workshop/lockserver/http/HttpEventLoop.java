package lockstep.workshop.lockserver.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.lockserver.api.ApiError;
import lockstep.workshop.lockserver.api.ApiRequest;
import lockstep.workshop.lockserver.api.ApiResponse;
import lockstep.workshop.lockserver.api.Reply;
import lockstep.workshop.lockserver.api.Router;
import lockstep.workshop.lockserver.log.WriteAheadLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves every client connection from one thread: reads what has arrived on any connection, answers the requests
 * that are complete, and sends each answer as soon as it may go out.
 *
 * <p>Why one thread and not one per connection: a durable lock server spends most of a request waiting for the disk.
 * With a thread per connection, every answer costs two thread switches (park until the fsync, wake up to write),
 * and on a 2-core machine those switches, not the work, set the limit. Here the {@link WriteAheadLog}'s flusher wakes
 * this loop once per group commit, and the loop writes every answer that the commit made durable.
 *
 * <p>The rules it keeps:
 * <ul>
 *   <li>One request per connection at a time; bytes that arrive meanwhile wait in the buffer (pipelining).</li>
 *   <li>An answer to a change leaves only after its log record is on disk ({@link Reply.WhenDurable}); answers
 *       leave in the order their records were appended, which is the order the log makes them durable.</li>
 *   <li>A request must arrive whole within the request timeout of its first byte (408; this stops slowloris
 *       clients); a keep-alive connection idle for the idle timeout is closed; more than the connection limit get
 *       503.</li>
 *   <li>A client that disconnects during a waiting acquire leaves the queue ({@link Reply.Later#ifClientGoes}).</li>
 * </ul>
 * The loop never blocks: API methods only touch memory, and the disk is the flusher's business.
 */
public final class HttpEventLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpEventLoop.class);
    /** How often timeouts are checked; they fire at most this late. */
    private static final long TIMEOUT_CHECK_NANOS = 50_000_000L;
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocketChannel serverChannel;
    private final Selector selector;
    private final LockServerConfig config;
    private final Set<Connection> connections = new HashSet<>();
    /** Answers waiting for the disk, in log order. Loop thread only. */
    private final ArrayDeque<DurableAnswer> awaitingDisk = new ArrayDeque<>();
    /** Work handed in by other threads (a waiting acquire's turn came); run by the loop. */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final ByteArrayOutputStream answerBytes = new ByteArrayOutputStream(512);
    private Router router;
    private WriteAheadLog log;
    private Thread thread;
    private volatile boolean closed;
    private long nextTimeoutCheck;

    private HttpEventLoop(ServerSocketChannel serverChannel, Selector selector, LockServerConfig config) {
        this.serverChannel = serverChannel;
        this.selector = selector;
        this.config = config;
    }

    /**
     * Binds the port; connections wait in the backlog until {@link #start}.
     *
     * @throws BindException with a message that names the port and how to choose another
     */
    public static HttpEventLoop bind(LockServerConfig config) throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 256);
            channel.configureBlocking(false);
            Selector selector = Selector.open();
            channel.register(selector, SelectionKey.OP_ACCEPT);
            return new HttpEventLoop(channel, selector, config);
        } catch (BindException e) {
            channel.close();
            BindException explained = new BindException("Port " + config.port() + " on " + config.bindAddress()
                    + " is already in use (or not allowed): stop the other server, or choose another port with "
                    + "--port (0 picks a free one).");
            explained.initCause(e);
            throw explained;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** The port the loop listens on. */
    public int port() {
        return serverChannel.socket().getLocalPort();
    }

    /** Starts serving with {@code router}; answers to changes wait for {@code log}. */
    public void start(Router newRouter, WriteAheadLog newLog) {
        this.router = newRouter;
        this.log = newLog;
        newLog.afterEachForce(selector::wakeup);
        thread = new Thread(this::runUntilClosed, "lockserver-event-loop");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops serving and closes every connection; requests in flight end without an answer. */
    @Override
    public void close() {
        closed = true;
        selector.wakeup();
        if (thread != null) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        closeQuietly();
    }

    private void runUntilClosed() {
        try {
            while (!closed) {
                selector.select(TIMEOUT_CHECK_NANOS / 1_000_000);
                for (Iterator<SelectionKey> keys = selector.selectedKeys().iterator(); keys.hasNext(); ) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    handleSurvivingBugs(key);
                }
                for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                    try {
                        task.run();
                    } catch (RuntimeException bug) {
                        LOG.error("A bug in the lock server's event loop; it goes on serving", bug);
                    }
                }
                sendDurableAnswers();
                long now = System.nanoTime();
                if (now - nextTimeoutCheck >= 0) {
                    enforceTimeouts(now);
                    nextTimeoutCheck = now + TIMEOUT_CHECK_NANOS;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("The lock server's event loop failed; the server stops answering", e);
        } finally {
            closeQuietly();
        }
    }

    /** A bug on one connection costs that connection, never the whole server. */
    private void handleSurvivingBugs(SelectionKey key) {
        try {
            handle(key);
        } catch (RuntimeException bug) {
            LOG.error("A bug in the lock server's event loop; closing the connection it happened on", bug);
            if (key.attachment() instanceof Connection) {
                ((Connection) key.attachment()).closeAndAbandon();
            }
        }
    }

    private void handle(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        if (key.isAcceptable()) {
            acceptAll();
            return;
        }
        Connection connection = (Connection) key.attachment();
        try {
            if (key.isWritable()) {
                connection.writePending();
            }
            if (key.isValid() && key.isReadable()) {
                connection.readAvailable();
            }
        } catch (IOException brokenConnection) {
            // Nothing to answer: the client reset the connection, or it broke.
            connection.closeAndAbandon();
        }
    }

    private void acceptAll() {
        while (true) {
            SocketChannel channel;
            try {
                channel = serverChannel.accept();
            } catch (IOException e) {
                LOG.warn("Could not accept a connection on port {}", port(), e);
                return;
            }
            if (channel == null) {
                return;
            }
            try {
                channel.configureBlocking(false);
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (connections.size() >= config.maxConnections()) {
                    turnAway(channel);
                    continue;
                }
                Connection connection = new Connection(channel);
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connections.add(connection);
            } catch (IOException e) {
                closeChannelQuietly(channel);
            }
        }
    }

    /** Sends every answer whose log record is now on disk, or 503 to all of them if the log failed. */
    private void sendDurableAnswers() {
        long durable = log.durablePosition();
        while (!awaitingDisk.isEmpty() && awaitingDisk.peekFirst().logPosition() <= durable) {
            DurableAnswer next = awaitingDisk.pollFirst();
            next.connection().send(next.response(), next.keepAlive());
        }
        if (log.hasFailed()) {
            while (!awaitingDisk.isEmpty()) {
                DurableAnswer lost = awaitingDisk.pollFirst();
                lost.connection().send(Reply.storageFailed().toResponse(), false);
            }
        }
    }

    private void enforceTimeouts(long now) {
        long requestTimeout = config.requestTimeout().toNanos();
        long idleTimeout = config.idleTimeout().toNanos();
        List<Connection> slowSenders = new ArrayList<>();
        List<Connection> idle = new ArrayList<>();
        for (Connection connection : connections) {
            if (connection.busy) {
                continue;
            }
            if (connection.requestStartedAt != 0 && now - connection.requestStartedAt > requestTimeout) {
                slowSenders.add(connection);
            } else if (connection.requestStartedAt == 0 && now - connection.lastActiveAt > idleTimeout) {
                idle.add(connection);
            }
        }
        // An idle keep-alive connection: closing it silently is what HTTP clients expect.
        idle.forEach(Connection::close);
        for (Connection slow : slowSenders) {
            slow.sendAndClose(new ApiError(408, "request_timeout", "the request was not complete after "
                    + config.requestTimeout().toMillis() + " ms; send the whole request (headers, then exactly "
                    + "Content-Length bytes of body) without pausing").toResponse());
        }
    }

    private void turnAway(SocketChannel channel) {
        ApiResponse busy = new ApiError(503, "too_many_connections", "the server already serves "
                + config.maxConnections() + " connections, its limit; reuse keep-alive connections, or retry later")
                .toResponse();
        answerBytes.reset();
        ResponseEncoder.write(busy, true, answerBytes);
        try {
            channel.write(ByteBuffer.wrap(answerBytes.toByteArray()));
        } catch (IOException ignored) {
            // The client is gone already; there is nobody to tell.
        }
        closeChannelQuietly(channel);
        LOG.warn("Turned a connection away: {} connections open, the limit", config.maxConnections());
    }

    private void closeQuietly() {
        for (Connection connection : new ArrayList<>(connections)) {
            connection.close();
        }
        try {
            serverChannel.close();
            selector.close();
        } catch (IOException e) {
            LOG.warn("Could not close the server socket on port {}", port(), e);
        }
    }

    private static void closeChannelQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException alreadyBroken) {
            // Best effort: the channel is unusable either way.
        }
    }

    /** An answer that leaves once {@code logPosition} is durable. */
    private record DurableAnswer(long logPosition, Connection connection, ApiResponse response, boolean keepAlive) {
    }

    /** One client connection: its buffered input, its unsent output, and the request it is waiting on. */
    private final class Connection {

        private final SocketChannel channel;
        private SelectionKey key;
        private final byte[] in = new byte[HttpRequestParser.BUFFER_BYTES];
        private int start;
        private int end;
        private ByteBuffer unsent;
        private boolean closeWhenSent;
        private boolean busy;
        private boolean continueSent;
        private Reply.Later waitingFor;
        private long requestStartedAt;
        private long lastActiveAt = System.nanoTime();
        private boolean open = true;
        private boolean clientClosed;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void readAvailable() throws IOException {
            if (end == in.length) {
                compact();
            }
            int read = channel.read(ByteBuffer.wrap(in, end, in.length - end));
            if (read < 0) {
                clientGone();
                return;
            }
            end += read;
            lastActiveAt = System.nanoTime();
            if (requestStartedAt == 0 && !busy && end > start) {
                requestStartedAt = lastActiveAt;
            }
            if (busy && end == in.length) {
                // Pipelined bytes fill the buffer: stop reading until the current request is answered.
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
            }
            serveBuffered();
        }

        /** Answers the next buffered request, if one is complete and none is in flight. */
        void serveBuffered() {
            if (busy || !open || start == end) {
                return;
            }
            HttpRequestParser.Result result;
            try {
                result = HttpRequestParser.parse(in, start, end);
            } catch (ApiError unreadable) {
                // After a request we could not read, the next bytes cannot be trusted to start a new one.
                sendAndClose(unreadable.toResponse());
                return;
            }
            if (result instanceof HttpRequestParser.Incomplete) {
                if (end == in.length && start == 0) {
                    sendAndClose(new ApiError(431, "headers_too_large", "the request is larger than "
                            + in.length + " bytes").toResponse());
                } else if (((HttpRequestParser.Incomplete) result).expectsContinue() && !continueSent) {
                    continueSent = true;
                    queueBytes(CONTINUE);
                }
                return;
            }
            HttpRequestParser.Complete complete = (HttpRequestParser.Complete) result;
            start = complete.next();
            busy = true;
            continueSent = false;
            requestStartedAt = 0;
            follow(complete.request(), complete.keepAlive(), router.route(complete.request()));
        }

        /** Sends {@code reply} now, after the disk, or when it is known. */
        void follow(ApiRequest request, boolean keepAlive, Reply reply) {
            if (reply instanceof Reply.Now) {
                send(((Reply.Now) reply).response(), keepAlive);
            } else if (reply instanceof Reply.WhenDurable) {
                Reply.WhenDurable afterDisk = (Reply.WhenDurable) reply;
                awaitingDisk.addLast(new DurableAnswer(afterDisk.logPosition(), this, afterDisk.response(),
                        keepAlive));
            } else {
                Reply.Later later = (Reply.Later) reply;
                waitingFor = later;
                later.reply().whenComplete((known, failure) -> {
                    tasks.add(() -> {
                        waitingFor = null;
                        if (!open) {
                            return;
                        }
                        if (failure != null) {
                            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                            send(Router.errorResponse(request, cause), keepAlive);
                        } else {
                            follow(request, keepAlive, known);
                        }
                    });
                    selector.wakeup();
                });
            }
        }

        /** Writes an answer; once it is out, the connection serves its next request or closes. */
        void send(ApiResponse response, boolean keepAlive) {
            if (!open) {
                return;
            }
            boolean close = !keepAlive || clientClosed;
            lastActiveAt = System.nanoTime();
            answerBytes.reset();
            ResponseEncoder.write(response, close, answerBytes);
            closeWhenSent = close;
            busy = false;
            queueBytes(answerBytes.toByteArray());
            if (open && unsent == null && !closeWhenSent) {
                key.interestOps(key.interestOps() | SelectionKey.OP_READ);
                if (start < end) {
                    requestStartedAt = System.nanoTime();
                }
                serveBuffered();
            }
        }

        /** Answers a request that could not be read whole; what follows it on the connection cannot be trusted. */
        void sendAndClose(ApiResponse response) {
            busy = true;
            send(response, false);
        }

        void writePending() throws IOException {
            channel.write(unsent);
            if (unsent.hasRemaining()) {
                return;
            }
            unsent = null;
            key.interestOps(SelectionKey.OP_READ);
            if (closeWhenSent) {
                close();
            } else if (!busy) {
                serveBuffered();
            }
        }

        private void queueBytes(byte[] bytes) {
            if (unsent != null) {
                ByteBuffer joined = ByteBuffer.allocate(unsent.remaining() + bytes.length);
                joined.put(unsent).put(bytes).flip();
                unsent = joined;
                return;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            try {
                channel.write(buffer);
            } catch (IOException clientWentAway) {
                close();
                return;
            }
            if (buffer.hasRemaining()) {
                unsent = buffer;
                key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
            } else if (closeWhenSent) {
                close();
            }
        }

        /**
         * The client closed its side. A waiting acquire gives up its place; a request that is only waiting for the
         * disk still gets its answer (the client may have closed only its sending half); otherwise we are done.
         */
        private void clientGone() {
            clientClosed = true;
            if (waitingFor != null) {
                closeAndAbandon();
            } else if (busy) {
                key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
            } else {
                close();
            }
        }

        /** Closes the connection; a waiting acquire on it gives up its place in the queue. */
        void closeAndAbandon() {
            Reply.Later abandoned = waitingFor;
            close();
            if (abandoned != null) {
                abandoned.ifClientGoes().run();
            }
        }

        private void compact() {
            System.arraycopy(in, start, in, 0, end - start);
            end -= start;
            start = 0;
        }

        void close() {
            if (!open) {
                return;
            }
            open = false;
            connections.remove(this);
            if (key != null) {
                key.cancel();
            }
            closeChannelQuietly(channel);
        }
    }
}
