package lockstep.workshop.zookeeper;

/** What a ZooKeeper server said it is doing when asked with the {@code srvr} four-letter word. */
public enum ServerMode {
    /** The only server: no ensemble, no election. */
    STANDALONE,
    /** The member of an ensemble that orders every write. */
    LEADER,
    /** A member of an ensemble that forwards writes to the leader and votes on them. */
    FOLLOWER,
    /** A non-voting member of an ensemble. */
    OBSERVER,
    /** It answered, but has no quorum (yet), so it serves no client requests. */
    NOT_SERVING,
    /** It answered, but did not say its mode (for example, {@code srvr} is not on its whitelist). */
    UNKNOWN,
    /** Nothing answered at that address. */
    NOT_ANSWERING;

    /** Whether a client connected to this server can read and write. */
    public boolean isServing() {
        return this == STANDALONE || this == LEADER || this == FOLLOWER || this == OBSERVER;
    }

    /** The word a person would use, as in "127.0.0.1:2181 is a follower". */
    public String describe() {
        return switch (this) {
            case STANDALONE -> "standalone";
            case LEADER -> "leader";
            case FOLLOWER -> "follower";
            case OBSERVER -> "observer";
            case NOT_SERVING -> "not serving (no quorum)";
            case UNKNOWN -> "answering (mode unknown)";
            case NOT_ANSWERING -> "not answering";
        };
    }
}
