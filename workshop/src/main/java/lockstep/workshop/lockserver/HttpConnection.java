package lockstep.workshop.lockserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.function.Consumer;

/**
 * Serves one client connection on its own thread: read a request, route it, write the answer, and again while the
 * client keeps the connection alive.
 *
 * <p>A thread per connection keeps the code a straight line: a request that must wait (for the disk, or for a lock
 * to be handed over) simply blocks its own thread. The listener caps the number of connections, which caps threads.
 */
final class HttpConnection implements Runnable {

    private final Socket socket;
    private final Router router;
    private final LockServerConfig config;
    private final Consumer<HttpConnection> whenClosed;

    HttpConnection(Socket socket, Router router, LockServerConfig config,
                   Consumer<HttpConnection> whenClosed) {
        this.socket = socket;
        this.router = router;
        this.config = config;
        this.whenClosed = whenClosed;
    }

    @Override
    public void run() {
        try {
            socket.setTcpNoDelay(true);
            HttpRequestReader reader = new HttpRequestReader(socket);
            OutputStream out = socket.getOutputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream(512);
            while (true) {
                HttpRequest request;
                try {
                    request = reader.next(config.idleTimeout(), config.requestTimeout());
                } catch (ApiError unreadable) {
                    // After a request we could not read, the next bytes cannot be trusted to start a new one.
                    write(unreadable.toResponse(), true, answer, out);
                    return;
                }
                if (request == null) {
                    return;
                }
                HttpResponse response = router.route(request, reader::clientHasClosed);
                if (response == null) {
                    return;
                }
                boolean close = !request.keepAlive() || response.closesConnection();
                write(response, close, answer, out);
                if (close) {
                    return;
                }
            }
        } catch (IOException clientWentAway) {
            // Nothing to answer: the client closed or broke the connection, or the server is closing it.
        } finally {
            closeNow();
            whenClosed.accept(this);
        }
    }

    /** Closes the connection; a thread blocked reading it wakes with an exception and ends. */
    void closeNow() {
        try {
            socket.close();
        } catch (IOException alreadyBroken) {
            // Closing is best effort: the socket is unusable either way.
        }
    }

    private static void write(HttpResponse response, boolean close, ByteArrayOutputStream answer, OutputStream out)
            throws IOException {
        answer.reset();
        response.writeTo(answer, close);
        answer.writeTo(out);
        out.flush();
    }
}
