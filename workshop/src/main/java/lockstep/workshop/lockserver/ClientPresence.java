package lockstep.workshop.lockserver;

import java.io.IOException;

/** Answers "is the client of this request still connected?" for a request that waits a long time for its answer. */
@FunctionalInterface
interface ClientPresence {

    /** True when the client has closed its end of the connection. Must not block for long. */
    boolean hasGone() throws IOException;
}
