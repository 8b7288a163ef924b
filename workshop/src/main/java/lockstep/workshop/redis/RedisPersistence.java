package lockstep.workshop.redis;

import java.util.List;

/**
 * What a Redis server keeps on disk, and so what it still knows after it was killed and started again. Redlock's
 * safety depends on it: a server that restarts empty forgets the locks it granted, and another client can then win a
 * majority for a lock that is still held.
 */
public enum RedisPersistence {

    /**
     * Nothing on disk: no append-only file, no snapshots. A server killed and started again comes back empty. (Redis's
     * own default writes a snapshot now and then; it is turned off so that nothing comes back by chance.)
     */
    NONE("none (a server killed and started again comes back empty)",
            List.of("appendonly no", "save \"\"")),

    /**
     * Every write goes to the append-only file and is flushed to the disk (fsync) before the client hears "OK"
     * ({@code appendonly yes}, {@code appendfsync always}): a server killed and started again comes back with every
     * write it acknowledged. The safest setting, and the slowest.
     */
    AOF_FSYNC_ALWAYS("an append-only file, fsynced before every answer (a server killed and started again keeps every key it acknowledged)",
            List.of("appendonly yes", "appendfsync always", "save \"\""));

    private final String description;
    private final List<String> configuration;

    RedisPersistence(String description, List<String> configuration) {
        this.description = description;
        this.configuration = configuration;
    }

    /** One phrase for a learner, such as "none (a server killed and started again comes back empty)". */
    public String describe() {
        return description;
    }

    /** The lines of {@code redis.conf} that choose it. */
    List<String> configurationLines() {
        return configuration;
    }
}
