package lockstep.lab07;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lock.DistributedLock;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * One buyer's lock on one seat, held as a key (such as {@code seat-A1}) on a majority of independent Redis servers:
 * Redlock. This is the file you work on.
 *
 * <p>Guarantees, while the servers keep what they acknowledged and their clocks run at about the same rate: at most one
 * holder at a time, because a holder has won more than half of the servers and two majorities always share a server;
 * a crashed holder's lock ends by itself, because every key is set together with its time to live; a buyer who wins
 * too few servers, or wins them too slowly, leaves nothing behind; and {@link #isHeld()} turns false before the first
 * key can expire, counted on this client's own clock from before its first request. Not fair, not re-entrant.
 *
 * <p>What it cannot promise (see the README's debate): that a holder which stops for longer than its validity still
 * holds the lock when it wakes up, or that a server which restarts without its data, or whose clock jumps, still
 * remembers the lock. A random value cannot fence off a late write.
 *
 * <p>One instance is one buyer's attempt: {@link #acquire} once, then {@link #release()} once.
 */
public final class Redlock implements DistributedLock {

    /**
     * Deletes the key only if it still holds our value, in one step on the server: Redis runs a script without
     * anything in between, so no other client can take the key between the check and the delete.
     */
    private static final String DELETE_IF_OURS = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    /** The longest pause between two attempts; each pause is drawn at random below it. */
    private static final long MOST_RETRY_DELAY_MILLIS = 200;

    /** Values no other attempt on any node can have: 128 random bits. */
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<RedisClient> servers;
    private final String key;
    private final String owner;
    private final Duration ttl;
    /** This attempt's value on every server, or null before the first attempt. */
    private volatile String value;
    /** When the lock's validity ends, on {@link System#nanoTime()}; meaningful only while {@code held}. */
    private volatile long validUntilNanos;
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
     * Tries to win a majority of the servers, again and again after a random pause, until it does or {@code maxWait}
     * has passed; zero means one attempt. Must be balanced by {@link #release()}.
     *
     * @return true when this lock holds a majority with validity left; false when {@code maxWait} ran out first, and
     *         then it leaves nothing behind on any server
     */
    @Override
    public boolean acquire(Duration maxWait) throws InterruptedException {
        long giveUpAt = System.nanoTime() + maxWait.toNanos();
        while (!tryOnce()) {
            // A random pause, so that buyers who just split the servers between them do not meet again at once.
            long pause = ThreadLocalRandom.current().nextLong(MOST_RETRY_DELAY_MILLIS + 1);
            if (System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pause) - giveUpAt > 0) {
                return false;
            }
            Thread.sleep(pause);
        }
        return true;
    }

    /**
     * Whether the lock is still ours, as far as this client can tell: false once its validity has run out on our own
     * clock, whatever the servers say. Ask just before each step that cannot be undone.
     */
    @Override
    public boolean isHeld() {
        return held && System.nanoTime() - validUntilNanos < 0;
    }

    /** Lets the lock go on every server, where it is still ours. Safe when {@link #acquire} returned false. */
    @Override
    public void release() {
        held = false;
        if (value != null) {
            releaseEverywhere();
        }
    }

    /**
     * One attempt: asks the servers one after another, with a new value, while a majority is still within reach, and
     * holds the lock if more than half said yes and validity is left. Otherwise it releases on every server that did
     * not say no: one that did not answer may have set the key and lost only the answer.
     */
    private boolean tryOnce() {
        value = "locked"; // the mistake: every buyer's key holds the same value
        long firstRequestNanos = System.nanoTime();
        int won = 0;
        List<RedisClient> mayHoldOurKey = new ArrayList<>();
        for (int asked = 0; asked < servers.size() && won + servers.size() - asked >= majority(); asked++) {
            RedisClient server = servers.get(asked);
            Answer answer = lockOn(server);
            if (answer == Answer.YES) {
                won++;
            }
            if (answer != Answer.NO) {
                mayHoldOurKey.add(server);
            }
        }
        // Measured from before the first request: the first key has been living since then, at the latest. The drift
        // allows for the servers' clocks running a little faster than ours.
        long validUntil = firstRequestNanos + ttl.toNanos() - drift().toNanos();
        if (won >= majority() && System.nanoTime() - validUntil < 0) {
            validUntilNanos = validUntil;
            held = true;
            return true;
        }
        mayHoldOurKey.forEach(this::releaseOn);
        return false;
    }

    /** More than half of the servers: any two majorities share at least one server. */
    private int majority() {
        return servers.size() / 2 + 1;
    }

    /** How much faster the servers' clocks may run than ours during one lock: 1% of the TTL, plus 2 ms. */
    private Duration drift() {
        return ttl.dividedBy(100).plusMillis(2);
    }

    /** Sets the key to our value with its time to live, if no one holds it: one command, so no crash can split it. */
    private Answer lockOn(RedisClient server) {
        try {
            return "OK".equals(server.set(key, value, SetParams.setParams().nx().px(ttl.toMillis()))) ? Answer.YES
                    : Answer.NO;
        } catch (JedisException e) {
            return Answer.NONE; // down, paused or too slow: it counts against us, and may hold our key all the same
        }
    }

    private void releaseEverywhere() {
        for (RedisClient server : servers) {
            releaseOn(server);
        }
    }

    /** Deletes the key where it still holds our value; a key that expired and was taken since is someone else's. */
    private void releaseOn(RedisClient server) {
        try {
            server.eval(DELETE_IF_OURS, List.of(key), List.of(value));
        } catch (JedisException e) {
            // Down or silent: our key there, if any, expires by itself when its time to live runs out.
        }
    }

    /** 32 hex digits that no other attempt has: the owner's name alone is not unique to one attempt. */
    private static String randomHex() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** What one server said to our SET. */
    private enum Answer {
        /** It set our key. */
        YES,
        /** Someone else's key is there, so nothing of ours is. */
        NO,
        /** No answer in time: it may have set our key, and only the answer was lost. */
        NONE
    }
}
