package lockstep.workshop.lockserver.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import lockstep.workshop.lockserver.LockServerConfig;
import lockstep.workshop.lockserver.api.ApiError;
import lockstep.workshop.lockserver.api.ApiResponse;
import lockstep.workshop.lockserver.api.Reply;
import lockstep.workshop.lockserver.api.Router;
import lockstep.workshop.lockserver.log.WriteAheadLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lock server's wire on Netty: Netty reads the sockets and decodes HTTP/1.1 ({@link TimedRequestDecoder}), each
 * connection's {@link NettyConnection} hands whole requests to the API, and answers to changes wait here until the
 * write-ahead log has them on disk.
 *
 * <p>One event-loop thread serves every connection, as in {@link HttpEventLoop} and for the same reason: a durable
 * lock server mostly waits for the disk, and on two cores thread switches, not work, set the limit. The log's flusher
 * wakes the loop once per group commit, and the loop sends every answer that commit made durable. The limits are the
 * same as {@link HttpEventLoop}'s, and so are the answers, byte for byte ({@link ResponseEncoder}).
 */
public final class NettyHttpServer implements HttpWire {

    private static final Logger LOG = LoggerFactory.getLogger(NettyHttpServer.class);

    private final LockServerConfig config;
    private final EventLoopGroup loop;
    private Channel serverChannel;
    private final AtomicInteger openConnections = new AtomicInteger();
    /** Answers waiting for the disk, in the order they were handed in. Loop thread only. */
    private final ArrayDeque<DurableAnswer> awaitingDisk = new ArrayDeque<>();
    private final AtomicBoolean sendScheduled = new AtomicBoolean();
    private volatile Router router;
    private WriteAheadLog log;

    private NettyHttpServer(LockServerConfig config, EventLoopGroup loop) {
        this.config = config;
        this.loop = loop;
    }

    /**
     * Binds the port; connections wait in the backlog until {@link #start}.
     *
     * @throws BindException with a message that names the port and how to choose another
     */
    public static NettyHttpServer bind(LockServerConfig config, boolean nativeEpoll) throws IOException {
        boolean epoll = nativeEpoll && Epoll.isAvailable();
        DefaultThreadFactory threads = new DefaultThreadFactory("lockserver-netty", true);
        EventLoopGroup loop = epoll ? new EpollEventLoopGroup(1, threads) : new NioEventLoopGroup(1, threads);
        Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
                : NioServerSocketChannel.class;
        NettyHttpServer wire = new NettyHttpServer(config, loop);
        ServerBootstrap bootstrap = new ServerBootstrap().group(loop).channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 256)
                .option(ChannelOption.SO_REUSEADDR, true)
                // Accept nothing until start(): the API and the log do not exist yet.
                .option(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                // A client that closes only its sending half still gets the answer it is waiting for.
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new Connections(wire));
        try {
            wire.serverChannel = bootstrap.bind(new InetSocketAddress(InetAddress.getByName(config.bindAddress()),
                    config.port())).sync().channel();
            return wire;
        } catch (InterruptedException e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while binding port " + config.port(), e);
        } catch (Exception e) {
            loop.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            if (e instanceof BindException) {
                BindException explained = new BindException("Port " + config.port() + " on " + config.bindAddress()
                        + " is already in use (or not allowed): stop the other server, or choose another port with "
                        + "--port (0 picks a free one).");
                explained.initCause(e);
                throw explained;
            }
            if (e instanceof IOException) {
                throw (IOException) e;
            }
            throw new IOException("could not listen on port " + config.port(), e);
        }
    }

    @Override
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    @Override
    public void start(Router newRouter, WriteAheadLog newLog) {
        this.log = newLog;
        this.router = newRouter;
        newLog.afterEachForce(this::scheduleDurableAnswers);
        serverChannel.config().setAutoRead(true);
    }

    @Override
    public void close() {
        serverChannel.close().syncUninterruptibly();
        loop.shutdownGracefully(0, 5, TimeUnit.SECONDS).syncUninterruptibly();
    }

    Router router() {
        return router;
    }

    /** Sends {@code response} on {@code connection} once the log record at {@code logPosition} is on disk. */
    void whenDurable(long logPosition, NettyConnection connection, ApiResponse response, boolean keepAlive) {
        awaitingDisk.addLast(new DurableAnswer(logPosition, connection, response, keepAlive));
        if (log.durablePosition() >= logPosition || log.hasFailed()) {
            sendDurableAnswers();
        }
    }

    /** Runs on the log's flusher thread: asks the loop to send what is durable now, once per group commit. */
    private void scheduleDurableAnswers() {
        if (sendScheduled.compareAndSet(false, true)) {
            loop.execute(() -> {
                sendScheduled.set(false);
                sendDurableAnswers();
            });
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
                awaitingDisk.pollFirst().connection().send(Reply.storageFailed().toResponse(), false);
            }
        }
    }

    /** An answer that leaves once {@code logPosition} is durable. */
    private record DurableAnswer(long logPosition, NettyConnection connection, ApiResponse response,
                                 boolean keepAlive) {
    }

    /** Sets up each accepted connection, or turns it away when the server already serves its limit. */
    private static final class Connections extends ChannelInitializer<SocketChannel> {

        private final NettyHttpServer wire;

        Connections(NettyHttpServer wire) {
            this.wire = wire;
        }

        @Override
        protected void initChannel(SocketChannel channel) {
            LockServerConfig config = wire.config;
            if (wire.openConnections.incrementAndGet() > config.maxConnections()) {
                wire.openConnections.decrementAndGet();
                channel.pipeline().addLast(new TurnAway(config.maxConnections()));
                return;
            }
            channel.closeFuture().addListener(closed -> wire.openConnections.decrementAndGet());
            TimedRequestDecoder decoder = new TimedRequestDecoder(config.requestTimeout(), config.idleTimeout());
            channel.pipeline().addLast(decoder, new NettyConnection(wire, decoder));
        }
    }

    /** Answers 503 to a connection over the limit, and closes it. */
    private static final class TurnAway extends ChannelInboundHandlerAdapter {

        private final int limit;

        TurnAway(int limit) {
            this.limit = limit;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ApiResponse busy = new ApiError(503, "too_many_connections", "the server already serves " + limit
                    + " connections, its limit; reuse keep-alive connections, or retry later").toResponse();
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            ResponseEncoder.write(busy, true, bytes);
            ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes.toByteArray())).addListener(ChannelFutureListener.CLOSE);
            LOG.warn("Turned a connection away: {} connections open, the limit", limit);
        }
    }
}
