package lockstep.workshop.lockserver.http;

import lockstep.workshop.lockserver.api.Router;
import lockstep.workshop.lockserver.log.WriteAheadLog;

/**
 * What the lock server needs from its wire: a bound port, serving once the API and the log are ready, and a stop.
 * Two wires implement it while they are measured side by side: the hand-written {@link HttpEventLoop} and
 * {@link NettyHttpServer} on Netty's HTTP codec.
 */
public interface HttpWire extends AutoCloseable {

    /** The port the wire listens on. */
    int port();

    /** Starts serving with {@code router}; answers to changes wait for {@code log}. */
    void start(Router router, WriteAheadLog log);

    /** Stops serving and closes every connection; requests in flight end without an answer. */
    @Override
    void close();
}
