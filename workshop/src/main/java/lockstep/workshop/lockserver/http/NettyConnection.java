package lockstep.workshop.lockserver.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletionException;
import lockstep.workshop.lockserver.api.ApiError;
import lockstep.workshop.lockserver.api.ApiRequest;
import lockstep.workshop.lockserver.api.ApiResponse;
import lockstep.workshop.lockserver.api.Reply;
import lockstep.workshop.lockserver.api.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection on the Netty wire: it checks each request's head, collects its body, hands the whole request
 * to the API, and sends the answer now, after the disk, or when a waiting acquire's turn comes.
 *
 * <p>The rules are {@link HttpEventLoop}'s: one request at a time (pipelined requests wait their turn, in order); a
 * request the server could not read whole gets its 4xx and the connection closes; a client that disconnects during a
 * waiting acquire leaves the queue. Runs on the wire's one event-loop thread only.
 */
final class NettyConnection extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(NettyConnection.class);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final NettyHttpServer wire;
    private final TimedRequestDecoder decoder;
    /** Requests read whole while an earlier one is still being answered. */
    private final ArrayDeque<Next> waitingTurn = new ArrayDeque<>();
    private final ByteArrayOutputStream answerBytes = new ByteArrayOutputStream(512);
    private ChannelHandlerContext ctx;
    private HttpRequest head;
    private byte[] body;
    private int bodyFilled;
    /** Set after a request that could not be read: nothing more on this connection is read as a request. */
    private boolean unreadable;
    private boolean busy;
    private boolean open = true;
    private boolean clientClosed;
    private Reply.Later waitingFor;

    NettyConnection(NettyHttpServer wire, TimedRequestDecoder decoder) {
        this.wire = wire;
        this.decoder = decoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        try {
            if (!unreadable) {
                read(msg);
            }
        } catch (ApiError cannotRead) {
            unreadable = true;
            turnNext(new Next(null, false, cannotRead));
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * The client closed its sending half. A waiting acquire gives up its place; a request that is only waiting for
     * the disk still gets its answer; otherwise we are done.
     */
    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            clientClosed = true;
            if (waitingFor != null || !busy) {
                context.close();
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) {
        open = false;
        Reply.Later abandoned = waitingFor;
        waitingFor = null;
        if (abandoned != null) {
            abandoned.ifClientGoes().run();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (!(cause instanceof IOException)) {
            // Nothing to answer for an IOException: the client reset the connection, or it broke.
            LOG.error("A bug in the lock server's Netty wire; closing the connection it happened on", cause);
        }
        context.close();
    }

    /** Sends an answer; once it is out, the connection serves its next request or closes. */
    void send(ApiResponse response, boolean keepAlive) {
        if (!open) {
            return;
        }
        boolean close = !keepAlive || clientClosed;
        answerBytes.reset();
        ResponseEncoder.write(response, close, answerBytes);
        busy = false;
        if (close) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(answerBytes.toByteArray()))
                    .addListener(ChannelFutureListener.CLOSE);
            open = false;
            return;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(answerBytes.toByteArray()));
        Next next = waitingTurn.pollFirst();
        if (next != null) {
            serve(next);
            return;
        }
        ctx.channel().config().setAutoRead(true);
        decoder.answered();
    }

    private void read(Object msg) {
        if (msg instanceof HttpRequest) {
            startRequest((HttpRequest) msg);
        }
        if (msg instanceof HttpContent) {
            HttpContent content = (HttpContent) msg;
            int length = Math.min(content.content().readableBytes(), body.length - bodyFilled);
            content.content().readBytes(body, bodyFilled, length);
            bodyFilled += length;
            if (msg instanceof LastHttpContent) {
                if (bodyFilled < body.length) {
                    throw ApiError.badRequest("malformed_request", "the body ended after " + bodyFilled
                            + " of its Content-Length " + body.length + " bytes");
                }
                ApiRequest request = HttpRequestParser.apiRequest(head.method().name(), head.uri(), body);
                turnNext(new Next(request, HttpUtil.isKeepAlive(head), null));
                head = null;
            }
        }
    }

    /** Checks a request's head as {@link HttpRequestParser} does, and asks for the body when the client waits. */
    private void startRequest(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            Throwable cause = request.decoderResult().cause();
            if (cause instanceof TooLongFrameException) {
                throw HttpRequestParser.headersTooLarge();
            }
            throw ApiError.badRequest("malformed_request", "the request is not one this server can read ("
                    + cause.getMessage() + "); it looks like 'POST /v1/locks/seat-A1/acquire HTTP/1.1', headers "
                    + "as 'Name: value', and a body with Content-Length");
        }
        String version = request.protocolVersion().text();
        HttpRequestParser.checkRequestLine(request.method().name(), request.uri(), version,
                request.method().name() + " " + request.uri() + " " + version);
        HttpHeaders headers = request.headers();
        Map<String, String> lengthHeaders = new HashMap<>();
        if (headers.contains("Transfer-Encoding")) {
            lengthHeaders.put("transfer-encoding", headers.get("Transfer-Encoding"));
        }
        if (headers.contains("Content-Length")) {
            lengthHeaders.put("content-length", headers.get("Content-Length"));
        }
        body = new byte[HttpRequestParser.bodyLength(lengthHeaders)];
        bodyFilled = 0;
        head = request;
        if (body.length > 0 && HttpUtil.is100ContinueExpected(request)) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE));
        }
    }

    /** Serves {@code next} now, or after the requests before it; holds off reading while one waits its turn. */
    private void turnNext(Next next) {
        if (busy) {
            waitingTurn.addLast(next);
            ctx.channel().config().setAutoRead(false);
            return;
        }
        serve(next);
    }

    private void serve(Next next) {
        busy = true;
        decoder.requestArrived();
        if (next.cannotRead() != null) {
            // After a request we could not read, the next bytes cannot be trusted to start a new one.
            send(next.cannotRead().toResponse(), false);
            return;
        }
        Router router = wire.router();
        follow(next.request(), next.keepAlive(), router.route(next.request()));
    }

    /** Sends {@code reply} now, after the disk, or when it is known. */
    private void follow(ApiRequest request, boolean keepAlive, Reply reply) {
        if (reply instanceof Reply.Now) {
            send(((Reply.Now) reply).response(), keepAlive);
        } else if (reply instanceof Reply.WhenDurable) {
            Reply.WhenDurable afterDisk = (Reply.WhenDurable) reply;
            wire.whenDurable(afterDisk.logPosition(), this, afterDisk.response(), keepAlive);
        } else {
            Reply.Later later = (Reply.Later) reply;
            waitingFor = later;
            later.reply().whenComplete((known, failure) -> ctx.executor().execute(() -> {
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
            }));
        }
    }

    /** A request read whole and waiting for its turn, or the error that ends the connection. */
    private record Next(ApiRequest request, boolean keepAlive, ApiError cannotRead) {
    }
}
