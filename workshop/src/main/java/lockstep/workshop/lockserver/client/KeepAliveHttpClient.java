package lockstep.workshop.lockserver.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small HTTP/1.1 client for one server that keeps its connections open between requests, for
 * {@link LockServerClient}.
 *
 * <p>Thread-safe: each request borrows an idle connection (or opens one), and gives it back when the answer has been
 * read, so many threads share a handful of connections. It never retries: a request whose connection broke may or
 * may not have reached the server, and only the caller can decide what that means. To make that rare, connections
 * idle for longer than {@link #MAX_IDLE} are dropped rather than reused (the server closes idle ones after 60 s),
 * when one connection breaks, the idle ones go too (a restarted server has broken them all), and a connection idle
 * for longer than {@link #LOOK_BEFORE_REUSE} is looked at before it is used again: a server that stopped in the
 * meantime has closed it, and a request written into it would be lost for nothing.
 */
final class KeepAliveHttpClient implements AutoCloseable {

    static final Duration MAX_IDLE = Duration.ofSeconds(5);
    /**
     * A server cannot stop and start again in less time than this, so a connection used more recently than this is
     * not looked at: looking costs a read that waits 1 ms, which a busy client must not pay on every request.
     */
    static final Duration LOOK_BEFORE_REUSE = Duration.ofMillis(50);
    private static final int MAX_IDLE_CONNECTIONS = 64;
    private static final int MAX_ANSWER_BYTES = 4 * 1024 * 1024;

    /** A status code and a body. */
    record Answer(int status, byte[] body) {
    }

    private final String host;
    private final int port;
    private final Duration connectTimeout;
    private final ArrayDeque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    KeepAliveHttpClient(String host, int port, Duration connectTimeout) {
        this.host = host;
        this.port = port;
        this.connectTimeout = connectTimeout;
    }

    /**
     * Sends one request and reads its answer.
     *
     * @throws IOException when no connection could be made ({@link java.net.ConnectException}) or it broke
     */
    Answer send(String method, String target, byte[] body, Duration readTimeout) throws IOException {
        Connection connection = borrow();
        try {
            connection.write(method, target, body);
            Answer answer = connection.read(readTimeout);
            if (connection.reusable) {
                giveBack(connection);
            } else {
                connection.close();
            }
            return answer;
        } catch (IOException | RuntimeException e) {
            connection.close();
            if (e instanceof IOException) {
                closeIdle();
            }
            throw e;
        }
    }

    @Override
    public void close() {
        synchronized (idle) {
            closed = true;
        }
        closeIdle();
    }

    private Connection borrow() throws IOException {
        Connection connection;
        while ((connection = takeIdle()) != null) {
            long idleFor = connection.idleFor();
            if (idleFor < LOOK_BEFORE_REUSE.toNanos()
                    || idleFor < MAX_IDLE.toNanos() && connection.stillOpenAtTheServer()) {
                return connection;
            }
            connection.close();
        }
        return Connection.open(host, port, connectTimeout);
    }

    /** The connection given back last (the one most likely to be fresh), or null when none is idle. */
    private Connection takeIdle() throws IOException {
        synchronized (idle) {
            if (closed) {
                throw new IOException("this lock server client is closed");
            }
            return idle.pollLast();
        }
    }

    private void giveBack(Connection connection) {
        synchronized (idle) {
            if (!closed && idle.size() < MAX_IDLE_CONNECTIONS) {
                connection.lastUsedNanos = System.nanoTime();
                idle.addLast(connection);
                return;
            }
        }
        connection.close();
    }

    private void closeIdle() {
        synchronized (idle) {
            idle.forEach(Connection::close);
            idle.clear();
        }
    }

    /** One open socket, with the little HTTP/1.1 it needs. */
    private static final class Connection {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String hostHeader;
        private final ByteArrayOutputStream request = new ByteArrayOutputStream(512);
        private final byte[] buffer = new byte[8192];
        private int start;
        private int end;
        private long lastUsedNanos = System.nanoTime();
        private boolean reusable;
        /** When the answer is overdue ({@link System#nanoTime()}), while a read waits; read by the watchdog. */
        private volatile long answerDueBy;
        private volatile boolean overdue;

        private Connection(Socket socket, String hostHeader) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
            this.hostHeader = hostHeader;
        }

        static Connection open(String host, int port, Duration connectTimeout) throws IOException {
            Socket socket = new Socket();
            try {
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress(host, port), (int) connectTimeout.toMillis());
                return new Connection(socket, host.contains(":") ? "[" + host + "]:" + port : host + ":" + port);
            } catch (IOException e) {
                socket.close();
                throw e;
            }
        }

        long idleFor() {
            return System.nanoTime() - lastUsedNanos;
        }

        /**
         * Whether the server still keeps this idle connection open. The server sends nothing unasked, so a read that
         * finds the end of the stream (or any byte at all) means the connection is no good, and one that waits 1 ms
         * for nothing means it is.
         */
        boolean stillOpenAtTheServer() {
            try {
                socket.setSoTimeout(1);
                try {
                    in.read(); // returns at once with the end of the stream, or with a byte nobody asked for
                    return false;
                } finally {
                    socket.setSoTimeout(0);
                }
            } catch (SocketTimeoutException quiet) {
                return true;
            } catch (IOException broken) {
                return false;
            }
        }

        void write(String method, String target, byte[] body) throws IOException {
            request.reset();
            StringBuilder head = new StringBuilder(128).append(method).append(' ').append(target)
                    .append(" HTTP/1.1\r\nHost: ").append(hostHeader).append("\r\n");
            if (body.length > 0) {
                head.append("Content-Type: application/json\r\n");
            }
            if (body.length > 0 || method.equals("POST")) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            request.writeBytes(head.toString().getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(body);
            request.writeTo(out);
            out.flush();
        }

        /**
         * Reads one answer, giving up after {@code timeout}. The read blocks without a socket timeout (a timed read
         * costs two more system calls per answer); the {@link Watchdog} closes the socket if the answer is overdue.
         */
        Answer read(Duration timeout) throws IOException {
            answerDueBy = System.nanoTime() + timeout.toNanos();
            Watchdog.watch(this);
            try {
                return readAnswer();
            } catch (IOException e) {
                if (overdue) {
                    SocketTimeoutException late = new SocketTimeoutException("no answer within " + timeout.toMillis()
                            + " ms");
                    late.initCause(e);
                    throw late;
                }
                throw e;
            } finally {
                Watchdog.unwatch(this);
            }
        }

        private Answer readAnswer() throws IOException {
            String statusLine = readLine();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + shown(statusLine));
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException e) {
                throw new IOException("not an HTTP status: " + shown(statusLine), e);
            }
            int length = -1;
            boolean close = parts[0].equals("HTTP/1.0");
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("connection")) {
                    close = value.equalsIgnoreCase("close");
                }
            }
            if (length < 0 || length > MAX_ANSWER_BYTES) {
                throw new IOException("the answer has no usable Content-Length (" + length + ")");
            }
            byte[] body = new byte[length];
            int copied = Math.min(length, end - start);
            System.arraycopy(buffer, start, body, 0, copied);
            start += copied;
            while (copied < length) {
                int read = in.read(body, copied, length - copied);
                if (read < 0) {
                    throw new EOFException("the connection closed in the middle of an answer");
                }
                copied += read;
            }
            reusable = !close && start == end;
            return new Answer(status, body);
        }

        /** A line from a server that may not speak HTTP, made printable and short enough for a message. */
        private static String shown(String line) {
            String printable = line.replaceAll("[^ -~]", "?");
            return "'" + (printable.length() > 60 ? printable.substring(0, 60) + "…" : printable) + "'";
        }

        private String readLine() throws IOException {
            int scanned = start;
            while (true) {
                for (; scanned < end; scanned++) {
                    if (buffer[scanned] == '\n') {
                        int lineEnd = scanned > start && buffer[scanned - 1] == '\r' ? scanned - 1 : scanned;
                        String line = new String(buffer, start, lineEnd - start, StandardCharsets.ISO_8859_1);
                        start = scanned + 1;
                        return line;
                    }
                }
                if (start > 0) {
                    System.arraycopy(buffer, start, buffer, 0, end - start);
                    end -= start;
                    scanned -= start;
                    start = 0;
                }
                if (end == buffer.length) {
                    throw new IOException("an answer header line is longer than " + buffer.length + " bytes");
                }
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    throw new EOFException("the server closed the connection before it answered");
                }
                end += read;
            }
        }

        void close() {
            try {
                socket.close();
            } catch (IOException alreadyBroken) {
                // Best effort: the socket is unusable either way.
            }
        }
    }

    /**
     * Closes connections whose answer is overdue, which ends their blocked read. One daemon thread for all clients
     * in the JVM, started with the first request; it looks every 100 ms, so a timeout fires up to 100 ms late.
     */
    private static final class Watchdog {

        private static final Set<Connection> READING = ConcurrentHashMap.newKeySet();
        /** Started when the first read is watched, by class initialization. */
        private static final Thread THREAD = startThread();

        private Watchdog() {
        }

        static void watch(Connection connection) {
            READING.add(connection);
        }

        static void unwatch(Connection connection) {
            READING.remove(connection);
        }

        private static Thread startThread() {
            Thread thread = new Thread(Watchdog::closeOverdue, "lockserver-client-watchdog");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        private static void closeOverdue() {
            while (true) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                for (Connection connection : READING) {
                    if (now - connection.answerDueBy > 0) {
                        connection.overdue = true;
                        connection.close();
                    }
                }
            }
        }
    }
}
