package lockstep.lab07;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.faults.TcpProxy;
import lockstep.workshop.grading.LockCall;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.redis.RedisClients;
import redis.clients.jedis.HostAndPort;

/**
 * Alice and Bob split the servers between them, in an order fixed by proxies, and must still both get the lock:
 *
 * <ol>
 *   <li>Alice reaches servers 2, 3 and 4 only through proxies that hold her requests back; Bob reaches 0, 1 and 4
 *       only through proxies that hold his. Both start at once.</li>
 *   <li>Once Alice's key is on 0 and 1, Bob's requests to them go through (too late: they say no), and he wins 2 and
 *       3. Once his key is there, Alice's requests to 2 and 3 go through (too late too). Each has 2 of 5, and waits
 *       for server 4.</li>
 *   <li>Carol takes server 4, and both hear no from it: a split, neither with a majority. From then on nothing is held
 *       back. Each must give back what it won and try again after a pause; the first to get the lock lets go at once,
 *       so that the other can get it too (3 of the 4 servers Carol does not hold).</li>
 * </ol>
 *
 * <p>Their locks live 30 s, and their commands may take 2 s: a split that is never undone blocks both far longer than
 * they wait, and no proxy's delay is mistaken for a silent server.
 */
final class SplitVotes {

    static final Duration TTL = Duration.ofSeconds(30);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(2);
    /** The server Carol takes, so that neither Alice nor Bob can win it. */
    static final int CAROLS = 4;
    private static final long LOOK_EVERY_MILLIS = 2;

    /**
     * What happened.
     *
     * @param split      whether Alice's key was on servers 0 and 1 while Bob's was on 2 and 3
     * @param aliceGotIt whether Alice's acquire returned true within her wait
     * @param bobGotIt   whether Bob's did
     * @param keysLeft   the keys on the servers when the scene ended, after both let go
     */
    record Outcome(boolean split, boolean aliceGotIt, boolean bobGotIt, List<String> keysLeft) {
    }

    private SplitVotes() {
    }

    static Outcome run(LockSeam<RedisClients> seam, GraderRedis redis, Duration wait) throws Exception {
        List<TcpProxy> proxies = new ArrayList<>();
        try {
            TcpProxy alices2 = started(proxies, redis.addresses().get(2));
            TcpProxy alices3 = started(proxies, redis.addresses().get(3));
            TcpProxy alices4 = started(proxies, redis.addresses().get(CAROLS));
            TcpProxy bobs0 = started(proxies, redis.addresses().get(0));
            TcpProxy bobs1 = started(proxies, redis.addresses().get(1));
            TcpProxy bobs4 = started(proxies, redis.addresses().get(CAROLS));
            List<HostAndPort> direct = redis.addresses();
            try (RedisClients alpha = RedisClients.open(List.of(direct.get(0), direct.get(1), at(alices2), at(alices3),
                         at(alices4)), TTL, COMMAND_TIMEOUT);
                 RedisClients beta = RedisClients.open(List.of(at(bobs0), at(bobs1), direct.get(2), direct.get(3),
                         at(bobs4)), TTL, COMMAND_TIMEOUT)) {
                for (TcpProxy proxy : proxies) {
                    proxy.cut();
                }
                DistributedLock alice = seam.lock(alpha, "Alpha", "Alice", "A1");
                DistributedLock bob = seam.lock(beta, "Beta", "Bob", "A1");
                String key = seam.lockName("A1");
                LockCall alicesCall = LockCall.acquire(alice, "Alice", wait);
                LockCall bobsCall = LockCall.acquire(bob, "Bob", wait);

                boolean aliceWonHalf = redis.awaitKeyOn(List.of(0, 1), key, Timing.forPromptEvent());
                bobs0.restore();
                bobs1.restore();
                boolean bobWonHalf = redis.awaitKeyOn(List.of(2, 3), key, Timing.forPromptEvent());
                String alices = redis.valueOn(0, key);
                String bobs = redis.valueOn(2, key);
                boolean split = aliceWonHalf && bobWonHalf && alices != null && alices.equals(redis.valueOn(1, key))
                        && bobs != null && bobs.equals(redis.valueOn(3, key)) && !alices.equals(bobs);
                alices2.restore();
                alices3.restore();
                redis.setOn(CAROLS, key, "Carol", TTL);
                alices4.restore();
                bobs4.restore();

                takeTurns(List.of(alicesCall, bobsCall), List.of(alice, bob), wait);
                return new Outcome(split, alicesCall.returnedTrue(), bobsCall.returnedTrue(), redis.everyKey());
            }
        } finally {
            proxies.forEach(TcpProxy::close);
        }
    }

    /**
     * Waits for both acquires; whoever gets the lock lets go at once, so that the other can have it. An acquire still
     * running after its wait and a prompt event's budget is abandoned.
     */
    private static void takeTurns(List<LockCall> calls, List<DistributedLock> locks, Duration wait) throws Exception {
        long deadline = System.nanoTime() + wait.plus(Timing.forPromptEvent()).toNanos();
        boolean[] letGo = new boolean[calls.size()];
        while (!(letGo[0] && letGo[1]) && System.nanoTime() - deadline < 0) {
            for (int i = 0; i < calls.size(); i++) {
                if (!letGo[i] && calls.get(i).isDone()) {
                    Calls.release(locks.get(i), i == 0 ? "Alice" : "Bob");
                    letGo[i] = true;
                }
            }
            Thread.sleep(LOOK_EVERY_MILLIS);
        }
        for (int i = 0; i < calls.size(); i++) {
            if (!letGo[i]) {
                calls.get(i).abandon();
                Calls.release(locks.get(i), i == 0 ? "Alice" : "Bob");
            }
        }
    }

    private static TcpProxy started(List<TcpProxy> proxies, HostAndPort target) throws java.io.IOException {
        TcpProxy proxy = TcpProxy.start(new java.net.InetSocketAddress(target.getHost(), target.getPort()));
        proxies.add(proxy);
        return proxy;
    }

    private static HostAndPort at(TcpProxy proxy) {
        return HostAndPort.from(proxy.hostAndPort());
    }
}
