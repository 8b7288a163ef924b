package lockstep.workshop.lockserver.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpRequestDecoder;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lockserver.api.ApiError;
import lockstep.workshop.lockserver.api.ApiResponse;

/**
 * Netty's HTTP/1.1 request decoder, plus the two clocks that protect the server from slow clients: a request must
 * arrive whole within the request timeout of its first byte (else 408, which stops a slowloris client that sends a
 * byte now and then), and a keep-alive connection idle for the idle timeout is closed.
 *
 * <p>Neither clock runs while the server works on a request ({@link #requestArrived()} to {@link #answered()}): a
 * waiting acquire may take minutes, and that is the server's time, not the client's. The clocks are two timestamps,
 * looked at every 50 ms, as {@link HttpEventLoop} does: scheduling and cancelling a timer for every request would cost
 * more than the request.
 */
final class TimedRequestDecoder extends HttpRequestDecoder {

    /** How often the clocks are looked at; a timeout fires at most this late. */
    private static final long CHECK_NANOS = 50_000_000L;

    private final long requestTimeoutNanos;
    private final long idleTimeoutNanos;
    private ChannelHandlerContext ctx;
    private ScheduledFuture<?> checks;
    /** When the request now arriving began ({@link System#nanoTime()}), or 0 when none is arriving. */
    private long requestStartedAt;
    private long lastActiveAt;
    private boolean busy;
    /** True while the decoder holds the start of a request whose end has not arrived. */
    private boolean midRequest;

    TimedRequestDecoder(Duration requestTimeout, Duration idleTimeout) {
        super(new HttpDecoderConfig()
                .setMaxInitialLineLength(HttpRequestParser.MAX_HEADER_BYTES)
                .setMaxHeaderSize(HttpRequestParser.MAX_HEADER_BYTES)
                .setMaxChunkSize(HttpRequestParser.MAX_BODY_BYTES));
        this.requestTimeoutNanos = requestTimeout.toNanos();
        this.idleTimeoutNanos = idleTimeout.toNanos();
    }

    /** A whole request reached the API: the client's clocks stop until it is answered. */
    void requestArrived() {
        busy = true;
        requestStartedAt = 0;
    }

    /** The answer is out: the client's next request is timed from now if it has begun, else the idle clock runs. */
    void answered() {
        busy = false;
        lastActiveAt = System.nanoTime();
        if (midRequest) {
            requestStartedAt = lastActiveAt;
        }
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) throws Exception {
        this.ctx = context;
        super.handlerAdded(context);
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        lastActiveAt = System.nanoTime();
        checks = context.executor().scheduleAtFixedRate(this::checkClocks, CHECK_NANOS, CHECK_NANOS,
                TimeUnit.NANOSECONDS);
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) throws Exception {
        lastActiveAt = System.nanoTime();
        if (!busy && requestStartedAt == 0 && msg instanceof ByteBuf && ((ByteBuf) msg).isReadable()) {
            requestStartedAt = lastActiveAt;
        }
        super.channelRead(context, msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        checks.cancel(false);
        super.channelInactive(context);
    }

    @Override
    protected void decode(ChannelHandlerContext context, ByteBuf buffer, List<Object> out) throws Exception {
        int readable = buffer.readableBytes();
        int decoded = out.size();
        super.decode(context, buffer, out);
        // Each call ends either at the end of a request (its last content) or somewhere inside one.
        if (out.size() > decoded && out.get(out.size() - 1) instanceof LastHttpContent) {
            midRequest = false;
        } else if (out.size() > decoded || buffer.readableBytes() < readable) {
            midRequest = true;
        }
    }

    private void checkClocks() {
        if (busy) {
            return;
        }
        long now = System.nanoTime();
        if (requestStartedAt != 0 && now - requestStartedAt > requestTimeoutNanos) {
            tooSlow();
        } else if (requestStartedAt == 0 && now - lastActiveAt > idleTimeoutNanos) {
            // An idle keep-alive connection: closing it silently is what HTTP clients expect.
            ctx.close();
        }
    }

    /** The whole request did not arrive in time: answer 408 and close, whatever the client sends later. */
    private void tooSlow() {
        busy = true;
        checks.cancel(false);
        ctx.channel().config().setAutoRead(false);
        ApiResponse late = new ApiError(408, "request_timeout", "the request was not complete after "
                + TimeUnit.NANOSECONDS.toMillis(requestTimeoutNanos) + " ms; send the whole request (headers, then "
                + "exactly Content-Length bytes of body) without pausing").toResponse();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        ResponseEncoder.write(late, true, bytes);
        ctx.writeAndFlush(Unpooled.wrappedBuffer(bytes.toByteArray())).addListener(ChannelFutureListener.CLOSE);
    }
}
