package lockstep.lab07;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lock.DistributedLock;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One buyer's lock on one seat, held as a key (such as {@code seat-A1}) on a majority of independent Redis servers:
 * Redlock. This is the file you work on.
 *
 * <p>What it must guarantee once you are done (see the README's tasks): the key, its time to live and a value unique
 * to this attempt are set in one command, and only a key holding our value is ever deleted; the lock is ours only on
 * more than half of the servers, and only while its validity (the TTL, less the time since before our first request,
 * less a drift) lasts; an attempt that fails leaves nothing behind on any server, and the next one comes after a random
 * pause; {@link #isHeld()} turns false when the validity runs out. Not fair, not re-entrant.
 *
 * <p>One instance is one buyer's attempt: {@link #acquire} once, then {@link #release()} once.
 */
public final class Redlock implements DistributedLock {

    /** How long the starter waits before it asks again. */
    private static final long RETRY_DELAY_MILLIS = 10;

    private final List<RedisClient> servers;
    private final String key;
    private final String owner;
    private final Duration ttl;
    private volatile boolean held;

    /**
     * A lock on {@code key}, for example {@code seat-A1}, over {@code servers}, for {@code owner}, such as
     * {@code node-03/buyer-0042}, living {@code ttl} on each server.
     */
    public Redlock(List<RedisClient> servers, String key, String owner, Duration ttl) {
        this.servers = List.copyOf(servers);
        this.key = key;
        this.owner = owner;
        this.ttl = ttl;
    }

    /**
     * Tries to take the lock, again and again, until it does or {@code maxWait} has passed; zero means one attempt.
     * Must be balanced by {@link #release()}.
     *
     * @return true when this lock holds the key; false when {@code maxWait} ran out first
     */
    @Override
    public boolean acquire(Duration maxWait) throws InterruptedException {
        // TODO(lab07): Task 2. This locks on the first server alone. One Redis is a fine lock until it crashes: then
        //  the lock is gone with it, or, if it comes back empty, the next buyer gets it while we still work.
        //  What must hold: the lock is ours only when more than half of all the servers said yes, and only if time is
        //  left once they have: its validity is the TTL, less the time since just before our first request, less a
        //  drift for clocks that run a little fast. A server that is down or does not answer in time counts as a no.
        //  Task 3: an attempt that fails here leaves its keys behind on the servers that said yes, and on those that
        //          set the key but whose answer was lost; the other buyers find them taken until they expire. And a
        //          fixed pause makes buyers who just split the servers between them meet again at once.
        long giveUpAt = System.nanoTime() + maxWait.toNanos();
        while (!lockOn(servers.get(0))) {
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_DELAY_MILLIS) - giveUpAt > 0) {
                return false;
            }
            Thread.sleep(RETRY_DELAY_MILLIS);
        }
        held = true;
        return true;
    }

    /**
     * Whether the lock is still ours, as far as this client can tell. The toolkit asks just before each step that
     * cannot be undone.
     */
    @Override
    public boolean isHeld() {
        // TODO(lab07): Task 4. This believes the lock is held for ever once taken. But every key expires after the TTL,
        //  and then the next buyer takes the lock while this one still says yes.
        //  What must hold: from the moment the validity has run out on our own clock, this says no.
        return held;
    }

    /** Lets the lock go. Safe to call when {@link #acquire} returned false. */
    @Override
    public void release() {
        // TODO(lab07): Task 1. DEL deletes whatever key is there. If ours expired while we worked and another buyer
        //  took the lock since, this deletes theirs.
        //  What must hold: a release deletes the key only where it still holds this attempt's value, and decides that
        //  on the server, in one step (asking first and deleting after leaves a moment in between).
        //  Task 3: let go on every server, not only the first.
        if (held) {
            held = false;
            try {
                servers.get(0).del(key);
            } catch (JedisException e) {
                // Down or silent: the key expires by itself.
            }
        }
    }

    /** Whether this lock has just set its key on {@code server}. */
    private boolean lockOn(RedisClient server) {
        // TODO(lab07): Task 1. Two commands: SETNX sets the key with no expiry at all, and only then does PEXPIRE give
        //  it one. A node that crashes between the two leaves seat A1 locked for ever. And the value is the owner's
        //  name, which every attempt of this buyer shares, so it cannot tell this attempt's key from an older one's.
        //  What must hold: the key, its time to live and a value unique to this attempt are set by one command, and
        //  only if the key is not there yet.
        try {
            if (server.setnx(key, owner) == 1) {
                server.pexpire(key, ttl.toMillis());
                return true;
            }
            return false;
        } catch (JedisException e) {
            return false; // down, paused or too slow
        }
    }
}
