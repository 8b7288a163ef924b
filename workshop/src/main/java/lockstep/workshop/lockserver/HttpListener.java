package lockstep.workshop.lockserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts TCP connections and gives each one an {@link HttpConnection} on its own thread, up to
 * {@link LockServerConfig#maxConnections()}; one more gets a 503 and is closed, so a flood of connections cannot
 * exhaust the server's threads.
 */
final class HttpListener implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpListener.class);

    private final ServerSocket serverSocket;
    private final LockServerConfig config;
    private final Set<HttpConnection> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong connectionNumbers = new AtomicLong();
    private Thread acceptor;
    private volatile boolean closed;

    private HttpListener(ServerSocket serverSocket, LockServerConfig config) {
        this.serverSocket = serverSocket;
        this.config = config;
    }

    /**
     * Binds the port; connections wait in the backlog until {@link #start}.
     *
     * @throws BindException with a message that names the port and how to choose another
     */
    static HttpListener bind(LockServerConfig config) throws IOException {
        ServerSocket socket = new ServerSocket();
        try {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()), config.port()), 256);
        } catch (BindException e) {
            socket.close();
            BindException explained = new BindException("Port " + config.port() + " on " + config.bindAddress()
                    + " is already in use (or not allowed): stop the other server, or choose another port with "
                    + "--port (0 picks a free one).");
            explained.initCause(e);
            throw explained;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return new HttpListener(socket, config);
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    void start(Router router) {
        acceptor = new Thread(() -> acceptUntilClosed(router), "lockserver-acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Stops accepting and closes every open connection; requests in flight end without an answer. */
    @Override
    public void close() {
        closed = true;
        try {
            serverSocket.close();
        } catch (IOException e) {
            LOG.warn("Could not close the server socket on port {}", port(), e);
        }
        open.forEach(HttpConnection::closeNow);
        if (acceptor != null) {
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void acceptUntilClosed(Router router) {
        while (!closed) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("Could not accept a connection on port {}", port(), e);
                    pauseAfterFailedAccept();
                }
                continue;
            }
            if (open.size() >= config.maxConnections()) {
                turnAway(socket);
                continue;
            }
            HttpConnection connection = new HttpConnection(socket, router, config, open::remove);
            open.add(connection);
            Thread thread = new Thread(connection, "lockserver-connection-" + connectionNumbers.incrementAndGet());
            thread.setDaemon(true);
            thread.start();
            if (closed) {
                connection.closeNow();
            }
        }
    }

    /** Out of file descriptors, accept fails at once; a short pause keeps that from becoming a busy loop. */
    private static void pauseAfterFailedAccept() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void turnAway(Socket socket) {
        HttpResponse busy = new ApiError(503, "too_many_connections", "the server already serves "
                + config.maxConnections() + " connections, its limit; reuse keep-alive connections, or retry later")
                .toResponse();
        try (socket) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            busy.writeTo(bytes, true);
            OutputStream out = socket.getOutputStream();
            out.write(bytes.toByteArray());
            out.flush();
        } catch (IOException ignored) {
            // The client is gone already; there is nobody to tell.
        }
        LOG.warn("Turned a connection away: {} connections open, the limit", config.maxConnections());
    }
}
