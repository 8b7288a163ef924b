package lockstep.lab07;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Step;
import lockstep.workshop.faults.RedisClockJump;
import lockstep.workshop.faults.RedisOutage;
import lockstep.workshop.faults.TcpProxy;
import lockstep.workshop.grading.Grader;
import lockstep.workshop.grading.HintedFailure;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.race.RaceSetup;
import lockstep.workshop.redis.RedisClients;
import lockstep.workshop.redis.RedisPersistence;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import redis.clients.jedis.HostAndPort;

/**
 * The grader of Lab 07. Every check starts its own Redis servers on free ports (never 6379 to 6383, so servers you
 * started with {@code redis start} are left alone), and judges what the seat database and the servers themselves
 * say, never what your lock believes. Checks that need a particular order of events get it from faults placed at the
 * exact moment: a server killed, a request whose answer is lost, a proxy that holds requests back or answers late.
 */
@Grader
@DisplayName("Lab 07 · Redlock on independent Redis servers")
class RedlockTest {

    private static final Implementation CODE = Implementation.of(Lab07.class);
    /** The learner's lock, reached only through the lab's seam. */
    private static final LockSeam<RedisClients> SEAM = LockSeam.of(CODE, RedisClients.class);
    /** A1's lock, as the lab's spec names it: the key {@code seat-A1}. */
    private static final String A1 = SEAM.lockName("A1");
    private static final Duration ASK_ONCE = Duration.ZERO;
    /** Further than any lock here lives: a server whose clock jumps this far forgets every lock it holds. */
    private static final Duration CLOCK_JUMP = Duration.ofMinutes(1);
    private static final Duration A_MINUTE = Duration.ofMinutes(1);

    @Nested
    @Tag("task:1")
    @DisplayName("1. One Redis: the key, its expiry and your value in one command")
    class OneRedis {

        @Test
        @DisplayName("1,000 buyers on 10 nodes, one Redis server, 1 seat: one is sold, the others are told taken, and no two hold A1's lock at once")
        void aThousandBuyersOnOneServer() throws Exception {
            try (GraderRedis redis = GraderRedis.start(1)) {
                Races.runAndJudge(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1), redis, 1);
            }
        }

        @Test
        @DisplayName("Alice's node is cut off from Redis just after her first command reaches it: seat-A1 still expires by itself")
        void aCrashAfterTheFirstCommand() throws Exception {
            try (GraderRedis redis = GraderRedis.start(1);
                 TcpProxy proxy = proxyTo(redis.addresses().get(0));
                 RedisClients alpha = RedisClients.open(List.of(at(proxy)), Lab07.TTL, Lab07.COMMAND_TIMEOUT)) {
                DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                proxy.cutAfterNextRequest();
                Calls.acquire(alice, "Alice", ASK_ONCE);
                boolean cut = proxy.awaitCutAfterRequest(Timing.forPromptEvent());
                // The request has left the proxy, but on a loaded machine Redis may not have read it yet.
                redis.awaitKeyOn(List.of(0), A1, Timing.forPromptEvent());
                long millisLeft = redis.millisLeft(0, A1);
                Calls.release(alice, "Alice");

                assertThat(cut)
                        .withFailMessage("Inconclusive: Alice's lock sent Redis nothing, so there was no first command"
                                + " to cut her off after.")
                        .isTrue();
                assertThat(millisLeft)
                        .withFailMessage("Inconclusive: Alice's first command did not set %s, so there was no key whose"
                                + " expiry to look at.", A1)
                        .isNotEqualTo(-2L);
                assertThat(millisLeft)
                        .withFailMessage("Alice's node was cut off from Redis just after her first command reached it,"
                                + " as if it had crashed there. It left %s with no expiry at all: seat A1 is locked for"
                                + " ever. SETNX sets a key without an expiry, and the PEXPIRE meant to follow never"
                                + " came. Set the key, its value and its time to live in one command: SET with NX and"
                                + " PX.", A1)
                        .isPositive();
                assertThat(millisLeft)
                        .withFailMessage("%s expires in %,d ms, later than the lock's time to live of %,d ms.", A1,
                                millisLeft, Lab07.TTL.toMillis())
                        .isLessThanOrEqualTo(Lab07.TTL.toMillis());
            }
        }

        @Test
        @DisplayName("Alice, whose key expired, cannot release the lock Bob took after her on her node")
        void anExpiredHolderCannotReleaseTheNextOne() throws Exception {
            TakenAfterExpiry scene = TakenAfterExpiry.play("Bob");
            String bobs = scene.nexts();

            assertThat(scene.firstHeld() && scene.firsts() != null)
                    .withFailMessage("Inconclusive: Alice, alone, did not get A1's lock (%s holds '%s').", A1,
                            scene.firsts())
                    .isTrue();
            assertThat(scene.nextHeld() && bobs != null)
                    .withFailMessage("Inconclusive: once Alice's key had expired, Bob did not get A1's lock.")
                    .isTrue();
            assertThat(bobs)
                    .withFailMessage("Alice and Bob both set %s to '%s'. A value that two buyers share cannot tell"
                            + " a release whose key it is: make it unique to each attempt (a random one).", A1, bobs)
                    .isNotEqualTo(scene.firsts());
            assertThat(scene.afterRelease())
                    .withFailMessage("Alice's key expired, and Bob took A1's lock after her. Then Alice released,"
                            + " and %s: Bob's lock is gone, and the next buyer can take it while he works. Delete"
                            + " the key only where it still holds your value, and let the server decide that in"
                            + " one step: a Lua script that compares and deletes.", scene.afterRelease() == null
                                    ? "deleted Bob's key"
                                    : "left '" + scene.afterRelease() + "' instead of Bob's '" + bobs + "'")
                    .isEqualTo(bobs);
        }

        @Test
        @DisplayName("Alice's first lock expired and she took A1 again with a second: releasing the first leaves the second")
        void aStaleLockOfTheSameBuyerCannotReleaseHerNewOne() throws Exception {
            TakenAfterExpiry scene = TakenAfterExpiry.play("Alice");

            assertThat(scene.firstHeld() && scene.firsts() != null)
                    .withFailMessage("Inconclusive: Alice, alone, did not get A1's lock (%s holds '%s').", A1,
                            scene.firsts())
                    .isTrue();
            assertThat(scene.nextHeld() && scene.nexts() != null)
                    .withFailMessage("Inconclusive: once her first key had expired, Alice's second lock did not get A1.")
                    .isTrue();
            assertThat(scene.afterRelease())
                    .withFailMessage("Alice's first lock expired, and she took A1 again with a second lock. Then her"
                            + " first lock released, and %s: her second lock is gone while she still trusts it. Her"
                            + " first lock set %s to '%s', her second to '%s'. An owner's name is the same for every"
                            + " attempt of one buyer; the value must be unique to each attempt (a random one), and"
                            + " the release must delete only its own.", scene.afterRelease() == null
                                    ? "deleted the second lock's key" : "left '" + scene.afterRelease() + "'",
                            A1, scene.firsts(), scene.nexts())
                    .isEqualTo(scene.nexts());
        }

        @Test
        @DisplayName("Alice's release cannot free Bob's lock, even when her key expires between her look and her delete")
        void aReleaseDecidedOnTheServer() throws Exception {
            Duration patient = Timing.forPromptEvent(); // Alice's commands wait for answers the proxy holds back
            try (GraderRedis redis = GraderRedis.start(1);
                 TcpProxy proxy = proxyTo(redis.addresses().get(0));
                 RedisClients alpha = RedisClients.open(List.of(at(proxy)), Lab07.TTL, patient);
                 RedisClients beta = RedisClients.open(redis.addresses(), Lab07.TTL, Lab07.COMMAND_TIMEOUT)) {
                DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                DistributedLock bob = SEAM.lock(beta, "Beta", "Bob", "A1");
                boolean aliceHolds = Calls.acquire(alice, "Alice", ASK_ONCE);
                proxy.cutAfterNextRequest();
                var aliceReleases = lockstep.workshop.grading.LockCall.release(alice, "Alice");
                boolean cut = proxy.awaitCutAfterRequest(Timing.forPromptEvent());
                RedisClockJump.jumpForward(redis.servers(), 0, CLOCK_JUMP);
                boolean bobHolds = cut && Calls.acquire(bob, "Bob", ASK_ONCE);
                String bobs = redis.valueOn(0, A1);
                proxy.restore();
                boolean released = aliceReleases.awaitDone(patient.plus(Timing.forPromptEvent()));
                if (!released) {
                    aliceReleases.abandon();
                }
                String after = redis.valueOn(0, A1);
                Calls.release(bob, "Bob");

                assertThat(aliceHolds)
                        .withFailMessage("Inconclusive: Alice, alone, did not get A1's lock.")
                        .isTrue();
                assertThat(cut)
                        .withFailMessage("Inconclusive: Alice's release sent Redis nothing.")
                        .isTrue();
                assertThat(bobHolds && bobs != null)
                        .withFailMessage("Inconclusive: after Alice's first release command, and with her key expired,"
                                + " Bob did not get A1's lock.")
                        .isTrue();
                assertThat(after)
                        .withFailMessage("Alice's release sent its first command; before the next one, her key expired"
                                + " and Bob took A1's lock. Her release then went on and %s. A release that looks"
                                + " first (GET) and deletes after (DEL) leaves a moment in between; a Lua script that"
                                + " compares and deletes runs on the server with nothing in between.", after == null
                                        ? "deleted Bob's key" : "left '" + after + "' instead of Bob's '" + bobs + "'")
                        .isEqualTo(bobs);
                assertThat(released)
                        .withFailMessage("Alice's release() had not returned %d s after her connection came back.",
                                patient.plus(Timing.forPromptEvent()).toSeconds())
                        .isTrue();
            }
        }
    }

    @Nested
    @Tag("task:2")
    @DisplayName("2. Win a majority, in time")
    class WinAMajority {

        @Test
        @DisplayName("1,000 buyers on 10 nodes, five Redis servers, 1 seat: one is sold, the others are told taken, and no two hold A1's lock at once")
        void aThousandBuyersOnFiveServers() throws Exception {
            try (GraderRedis redis = GraderRedis.start(5)) {
                Races.runAndJudge(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1), redis, 2);
            }
        }

        @Test
        @DisplayName("1,000 buyers on 10 separate processes, five Redis servers, 3 seats: each is sold once, and no two hold a seat's lock at once")
        void aThousandBuyersOnProcesses() throws Exception {
            try (GraderRedis redis = GraderRedis.start(5)) {
                Races.runAndJudge(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(3).inProcesses(), redis, 2);
            }
        }

        @Test
        @DisplayName("With servers 0 and 1 of five down, 1,000 buyers on 10 nodes still buy A1 once, and no two hold its lock at once")
        void twoOfFiveDown() throws Exception {
            try (GraderRedis redis = GraderRedis.start(5)) {
                RedisOutage.kill(redis.servers(), 0);
                RedisOutage.kill(redis.servers(), 1);
                // One buyer alone first: a lock that cannot be had with two servers down fails here in a second, not
                // after a race of 1,000 buyers who each wait their whole 30 s.
                boolean aliceAloneGetsIt;
                try (RedisClients alpha = RedisClients.open(redis.addresses(), Lab07.TTL, Lab07.COMMAND_TIMEOUT)) {
                    DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                    aliceAloneGetsIt = Calls.acquire(alice, "Alice", Duration.ofSeconds(1));
                    Calls.release(alice, "Alice");
                }
                assertThat(aliceAloneGetsIt)
                        .withFailMessage("With servers 0 and 1 down, Alice, alone, asked for A1's lock for 1 s and did"
                                + " not get it. Servers 2, 3 and 4 answer, and three of five is a majority: a lock on"
                                + " more than half of all the servers survives two of them failing.")
                        .isTrue();
                Races.runAndJudge(RaceSetup.of(CODE).buyers(1000).nodes(10).seats(1), redis, 2);
            }
        }

        @Test
        @DisplayName("With three of five servers down, Alice does not get the lock, and leaves no key on the two that answer")
        void threeOfFiveDown() throws Exception {
            try (GraderRedis redis = GraderRedis.start(5);
                 RedisClients alpha = RedisClients.open(redis.addresses(), Lab07.TTL, Lab07.COMMAND_TIMEOUT)) {
                for (int down = 0; down < 3; down++) {
                    RedisOutage.kill(redis.servers(), down);
                }
                DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                boolean aliceHolds = Calls.acquire(alice, "Alice", Duration.ofSeconds(1));
                List<String> left = redis.everyKey();
                Calls.release(alice, "Alice");

                assertThat(aliceHolds)
                        .withFailMessage("With servers 0, 1 and 2 down, Alice's acquire() said she holds A1's lock,"
                                + " though at most 2 of 5 servers could say yes. Two is not a majority of five: once"
                                + " the three are back, another buyer can win three of them while Alice works.")
                        .isFalse();
                if (!left.isEmpty()) {
                    throw HintedFailure.pointingAt(3, "With three of five servers down, every attempt of Alice's"
                            + " failed, yet her keys were left behind: " + left + ". A failed attempt must give back"
                            + " what it won, or the next buyers find those servers taken until the keys expire.");
                }
            }
        }

        @Test
        @DisplayName("Alice wins only half of the servers or fewer (2 of 5, 2 of 4) while Carol holds the rest: she does not get the lock")
        void halfIsNotAMajority() throws Exception {
            List<String> wrong = new ArrayList<>();
            List<String> carolsKeysLost = new ArrayList<>();
            for (int count : new int[] {5, 4}) {
                try (GraderRedis redis = GraderRedis.start(count);
                     RedisClients alpha = RedisClients.open(redis.addresses(), Lab07.TTL, Lab07.COMMAND_TIMEOUT)) {
                    int carols = count - 2;
                    for (int server = 2; server < count; server++) {
                        redis.setOn(server, A1, "Carol", A_MINUTE);
                    }
                    DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                    if (Calls.acquire(alice, "Alice", ASK_ONCE)) {
                        wrong.add("2 of " + count + " (Carol holding " + carols + ")");
                    }
                    Calls.release(alice, "Alice");
                    for (int server = 2; server < count; server++) {
                        if (!"Carol".equals(redis.valueOn(server, A1))) {
                            carolsKeysLost.add("server " + server + " of " + count);
                        }
                    }
                }
            }

            assertThat(wrong)
                    .withFailMessage("Carol holds A1 on the other servers, and Alice won only %s, yet her acquire() said"
                            + " she holds the lock. Then two buyers hold it at once. A majority is more than half: N / 2"
                            + " + 1, that is 3 of 5 and 3 of 4.", String.join(" and ", wrong))
                    .isEmpty();
            if (!carolsKeysLost.isEmpty()) {
                throw HintedFailure.pointingAt(1, "Alice's failed attempt, or her release, deleted Carol's key on "
                        + String.join(" and ", carolsKeysLost) + ". Delete a key only where it holds your own value.");
            }
        }

        @Test
        @DisplayName("Every server answers 300 ms late, for a lock that lives 100 ms: Alice does not get it, as its validity counts from her first request")
        void validityCountsFromTheFirstRequest() throws Exception {
            Duration late = Duration.ofMillis(300);
            Duration shortTtl = Duration.ofMillis(100);
            List<TcpProxy> proxies = new ArrayList<>();
            try (GraderRedis redis = GraderRedis.start(5)) {
                for (HostAndPort server : redis.addresses()) {
                    proxies.add(proxyTo(server));
                }
                // Commands may take 2 s: the late answers must count as answers, not as servers that went silent.
                try (RedisClients alpha = RedisClients.open(proxies.stream().map(RedlockTest::at).toList(), shortTtl,
                        Duration.ofSeconds(2))) {
                    proxies.forEach(proxy -> proxy.delayAnswers(late));
                    DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                    long start = System.nanoTime();
                    boolean aliceHolds = Calls.acquire(alice, "Alice", ASK_ONCE);
                    long tookMillis = (System.nanoTime() - start) / 1_000_000;
                    Calls.release(alice, "Alice");

                    assertThat(aliceHolds)
                            .withFailMessage("Every server answered 300 ms late, and Alice's lock lives 100 ms on each."
                                    + " By the time a majority had said yes, her first key had expired (her acquire()"
                                    + " took %,d ms), yet it said she holds the lock. Count the validity from just"
                                    + " before your first request: TTL - (now - then) - drift. When it is not above"
                                    + " zero, the attempt has failed, whatever the servers said.", tookMillis)
                            .isFalse();
                }
            } finally {
                proxies.forEach(TcpProxy::close);
            }
        }
    }

    @Nested
    @Tag("task:3")
    @DisplayName("3. Release everywhere, and retry after a random pause")
    class ReleaseEverywhere {

        @Test
        @DisplayName("A server sets Alice's key but her client never hears it: her failed attempt releases that server too, and leaves Carol's keys alone")
        void aLostAnswerIsReleased() throws Exception {
            try (GraderRedis redis = GraderRedis.start(5);
                 TcpProxy proxy = proxyTo(redis.addresses().get(2))) {
                List<HostAndPort> servers = new ArrayList<>(redis.addresses());
                servers.set(2, at(proxy));
                try (RedisClients alpha = RedisClients.open(servers, Lab07.TTL, Lab07.COMMAND_TIMEOUT)) {
                    redis.setOn(0, A1, "Carol", A_MINUTE);
                    redis.setOn(1, A1, "Carol", A_MINUTE);
                    DistributedLock alice = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                    proxy.loseNextAnswer();
                    boolean aliceHolds = Calls.acquire(alice, "Alice", ASK_ONCE);
                    Optional<String> lost = proxy.lostAnswer();
                    String onServer2 = redis.valueOn(2, A1);
                    List<String> left = redis.everyKey();
                    Calls.release(alice, "Alice");

                    assertThat(lost)
                            .withFailMessage("Inconclusive: Alice's lock sent server 2 nothing, so no answer of it could"
                                    + " be lost.")
                            .isPresent();
                    assertThat(lost.get())
                            .withFailMessage("Inconclusive: the answer lost on its way from server 2 was '%s', not the"
                                    + " answer to a command that set %s.", lost.get(), A1)
                            .isIn("+OK", ":1");
                    assertThat(aliceHolds)
                            .withFailMessage("Carol holds servers 0 and 1, and server 2's answer never came: Alice won"
                                    + " at most 2 of 5, yet her acquire() said she holds the lock.")
                            .isFalse();
                    assertThat(onServer2)
                            .withFailMessage("Server 2 set Alice's key, and only its answer was lost: her client gave"
                                    + " up waiting, and her attempt failed (2 of 5). Yet when her acquire() returned,"
                                    + " her key was still on server 2 (all keys: %s), blocking A1 there until it"
                                    + " expires. When an attempt fails, release on every server that did not say no:"
                                    + " silence is not a no.", left)
                            .isNull();
                    assertThat(left)
                            .withFailMessage("Alice's attempt failed, and must leave nothing of hers behind, and"
                                    + " nothing of Carol's touched; the servers hold %s.", left)
                            .containsExactlyInAnyOrder("server 0: " + A1 + "=Carol", "server 1: " + A1 + "=Carol");
                }
            }
        }

        @Test
        @DisplayName("Alice and Bob split the servers between them (2 and 2, Carol holding the fifth): both still get the lock, one after the other")
        void splitVotesStillMakeProgress() throws Exception {
            Duration wait = Timing.forPromptEvent();
            try (GraderRedis redis = GraderRedis.start(5)) {
                SplitVotes.Outcome outcome = SplitVotes.run(SEAM, redis, wait);

                assertThat(outcome.split())
                        .withFailMessage("Inconclusive: Alice's key never stood on servers 0 and 1 while Bob's stood on"
                                + " 2 and 3, so they never split the servers.")
                        .isTrue();
                assertThat(outcome.aliceGotIt() && outcome.bobGotIt())
                        .withFailMessage("Alice and Bob split the servers 2 and 2 (Carol holding server 4), so neither"
                                + " could win 3. %d s later, %s the lock. Each must give back what it won and try again after a"
                                + " pause of random length; otherwise their keys block each other until they expire"
                                + " (%d s here), and with equal pauses they can meet again and again.",
                                wait.toSeconds(), outcome.aliceGotIt() ? "Bob had not got"
                                        : outcome.bobGotIt() ? "Alice had not got" : "neither had got",
                                SplitVotes.TTL.toSeconds())
                        .isTrue();
                assertThat(outcome.keysLeft())
                        .withFailMessage("Both let go, yet the servers hold %s besides Carol's key.", outcome.keysLeft())
                        .containsExactly("server " + SplitVotes.CAROLS + ": " + A1 + "=Carol");
            }
        }
    }

    @Nested
    @Tag("task:4")
    @DisplayName("4. Stop when the validity runs out")
    class StopWhenTheValidityRunsOut {

        @Test
        @DisplayName("Alice's lock lives 1 s and runs out while she pays: she confirms nothing, and A1 is sold once, to Bob")
        void aliceStopsWhenHerValidityRunsOut() throws Exception {
            Duration shortTtl = Duration.ofSeconds(1);
            try (GraderRedis redis = GraderRedis.start(5)) {
                WhileAliceWaits.Outcome outcome = WhileAliceWaits.run(CODE, redis, shortTtl, Step.CARD_CHARGED,
                        () -> redis.awaitKeyGone(A1, shortTtl.plus(Timing.forPromptEvent())), Timing.forPromptEvent());
                AuditReport audit = outcome.audit();

                assertThat(outcome.aliceStopped())
                        .withFailMessage("Inconclusive: Alice never got as far as paying for A1. She was told: %s",
                                outcome.alice())
                        .isTrue();
                assertThat(outcome.struck())
                        .withFailMessage("Inconclusive: Alice's keys (on servers %s) had not all expired %d s after she"
                                + " paid, though her lock lives 1 s.", outcome.alicesServers(),
                                shortTtl.plus(Timing.forPromptEvent()).toSeconds())
                        .isTrue();
                assertThat(outcome.bob())
                        .withFailMessage("Inconclusive: Alice's keys had all expired, yet Bob was told '%s' instead of"
                                + " getting A1.", outcome.bob())
                        .isEqualTo(Answer.booked("A1"));
                assertThat(audit.oversold())
                        .withFailMessage("Seat A1 was sold twice, to %s. Alice's lock lived 1 s; she paid, and by the"
                                + " time she went on to confirm, her keys had expired on every server and Bob had"
                                + " bought A1. Her isHeld() still said yes. Once the validity has run out on your own"
                                + " clock (it ends TTL - drift after your first request), isHeld() must say no.",
                                String.join(" and ", audit.buyersPerSeat().getOrDefault("A1", List.of())))
                        .isZero();
                assertThat(outcome.alice())
                        .withFailMessage("Alice's validity had run out before she confirmed, and she was told '%s'. She"
                                + " must be told the booking failed.", outcome.alice())
                        .isInstanceOf(Answer.Failed.class);
            }
        }
    }

    /**
     * The Redlock debate, run here: each scenario on a correct Redlock (the reference solution, when this workshop has
     * it built). These checks show what Redlock does under each fault; they fail only if a scenario could not be
     * played, never because of your code.
     */
    @Nested
    @DisplayName("The debate, run on a correct Redlock")
    class TheDebateRunHere {

        private final Implementation code = TheDebate.codeFor(CODE);

        @Test
        @DisplayName("A holder frozen past its validity wakes up and charges after Bob bought A1: two holders at once, and a write nobody could refuse")
        void aFrozenHolderWrites(TestReporter report) throws Exception {
            WhileAliceWaits.Outcome outcome = TheDebate.frozenPastValidity(code);

            assertPlayed(outcome);
            assertThat(outcome.bob())
                    .withFailMessage("Inconclusive: Alice's keys had all expired, yet Bob was told '%s'.", outcome.bob())
                    .isEqualTo(Answer.booked("A1"));
            assertThat(outcome.twoHolders())
                    .withFailMessage("Alice was frozen past her lock's validity while Bob bought A1, yet by their own"
                            + " steps they never held the lock at once.")
                    .isPresent();
            assertThat(outcome.audit().chargedWithoutSeat())
                    .withFailMessage("Alice woke up after Bob had bought A1; her charge should have gone through"
                            + " (a write after the lock had passed on), but %d buyers were charged without a seat.",
                            outcome.audit().chargedWithoutSeat())
                    .isEqualTo(1);
            report.publishEntry("frozen holder", "Alice froze just before her charge, for longer than her lock's 1 s"
                    + " validity; her keys expired on all five servers, and Bob won them and bought A1. When she"
                    + " woke, her charge went through: the lock had passed on, and Redlock's random value gave the"
                    + " payment provider nothing to refuse it by. Her next isHeld() said no, so she confirmed"
                    + " nothing; frozen between that check and the confirmation, she would have sold A1 twice. "
                    + TheDebate.numbers(outcome, code));
        }

        @Test
        @DisplayName("A server restarts empty while Alice holds a bare majority: Bob wins another majority, and A1 is sold twice")
        void aServerRestartsEmpty(TestReporter report) throws Exception {
            WhileAliceWaits.Outcome outcome = TheDebate.restart(code, RedisPersistence.NONE);

            assertDoubleGrant(outcome, "server 0 restarted without its data");
            report.publishEntry("restart without persistence", "Servers 3 and 4 were down while Alice took her lock,"
                    + " so she won 0, 1 and 2, a bare majority. As she began to pay, 3 and 4 came back and server 0"
                    + " was killed and restarted without its data: 0, 3 and 4 were free, Bob won them and bought A1,"
                    + " and Alice, her lock still valid by her clock, confirmed A1 as well. " + TheDebate.numbers(outcome,
                    code));
        }

        @Test
        @DisplayName("A server's clock jumps while Alice holds a bare majority: Bob wins another majority, and A1 is sold twice")
        void aClockJumps(TestReporter report) throws Exception {
            WhileAliceWaits.Outcome outcome = TheDebate.clockJump(code);

            assertDoubleGrant(outcome, "server 0's clock jumped a minute forward");
            report.publishEntry("clock jump", "Servers 3 and 4 were down while Alice took her lock, so she won 0, 1"
                    + " and 2. As she began to pay, 3 and 4 came back and server 0's clock jumped a minute forward"
                    + " (emulated: its keys expire at once): Bob won 0, 3 and 4 and bought A1, and Alice confirmed A1"
                    + " as well. " + TheDebate.numbers(outcome, code));
        }

        @Test
        @DisplayName("The same restart from an append-only file fsynced at every write: Alice keeps her lock, and A1 is sold once")
        void aServerRestartsFromItsFile(TestReporter report) throws Exception {
            WhileAliceWaits.Outcome outcome = TheDebate.restart(code, RedisPersistence.AOF_FSYNC_ALWAYS);

            assertPlayed(outcome);
            assertThat(outcome.twoHolders())
                    .withFailMessage("Server 0 came back from its fsynced file with Alice's key, yet Bob held A1's"
                            + " lock while she did: %s.", outcome.twoHolders().orElse(null))
                    .isEmpty();
            assertThat(outcome.audit().oversold())
                    .withFailMessage("Server 0 came back with Alice's key, yet A1 was sold to %s.",
                            outcome.audit().buyersPerSeat().get("A1"))
                    .isZero();
            report.publishEntry("restart from an fsynced file", "The same scene, every server writing an append-only"
                    + " file fsynced before each answer: server 0 came back with Alice's key, Bob could win only 3"
                    + " and 4, and waited until Alice let go. " + TheDebate.numbers(outcome, code));
        }

        private void assertDoubleGrant(WhileAliceWaits.Outcome outcome, String fault) {
            assertPlayed(outcome);
            assertThat(outcome.alicesServers())
                    .withFailMessage("Inconclusive: with servers 3 and 4 down, Alice held A1's lock on %s, not on 0, 1"
                            + " and 2.", outcome.alicesServers())
                    .containsExactly(0, 1, 2);
            assertThat(outcome.bob())
                    .withFailMessage("After %s, Bob was told '%s' while Alice held her lock: he did not win another"
                            + " majority.", fault, outcome.bob())
                    .isEqualTo(Answer.booked("A1"));
            assertThat(outcome.twoHolders())
                    .withFailMessage("After %s, Bob bought A1, yet by their own steps he and Alice never held the lock"
                            + " at once.", fault)
                    .isPresent();
        }

        private void assertPlayed(WhileAliceWaits.Outcome outcome) {
            assertThat(outcome.aliceStopped())
                    .withFailMessage("Inconclusive: Alice never got as far as paying for A1. She was told: %s",
                            outcome.alice())
                    .isTrue();
            assertThat(outcome.struck())
                    .withFailMessage("Inconclusive: the fault did not take effect while Alice held her lock (on %s).",
                            outcome.alicesServers())
                    .isTrue();
        }
    }

    /**
     * One Redis: Alice locks A1 on node Alpha, the server's clock jumps past her key's end, and a second lock on the same
     * node, for {@code nextBuyer}, takes A1; then Alice's first lock releases.
     *
     * @param firstHeld    whether Alice's first acquire said she holds the lock
     * @param firsts       the key's value after it
     * @param nextHeld     whether the second lock's acquire said it holds the lock
     * @param nexts        the key's value after that
     * @param afterRelease the key's value once Alice's first lock had released
     */
    private record TakenAfterExpiry(boolean firstHeld, String firsts, boolean nextHeld, String nexts,
                                    String afterRelease) {

        static TakenAfterExpiry play(String nextBuyer) throws Exception {
            try (GraderRedis redis = GraderRedis.start(1);
                 RedisClients alpha = RedisClients.open(redis.addresses(), Lab07.TTL, Lab07.COMMAND_TIMEOUT)) {
                DistributedLock first = SEAM.lock(alpha, "Alpha", "Alice", "A1");
                DistributedLock next = SEAM.lock(alpha, "Alpha", nextBuyer, "A1");
                boolean firstHeld = Calls.acquire(first, "Alice", ASK_ONCE);
                String firsts = redis.valueOn(0, A1);
                RedisClockJump.jumpForward(redis.servers(), 0, CLOCK_JUMP);
                boolean nextHeld = Calls.acquire(next, nextBuyer, ASK_ONCE);
                String nexts = redis.valueOn(0, A1);
                Calls.release(first, "Alice");
                String afterRelease = redis.valueOn(0, A1);
                Calls.release(next, nextBuyer);
                return new TakenAfterExpiry(firstHeld, firsts, nextHeld, nexts, afterRelease);
            }
        }
    }

    static TcpProxy proxyTo(HostAndPort server) throws java.io.IOException {
        return TcpProxy.start(new InetSocketAddress(server.getHost(), server.getPort()));
    }

    static HostAndPort at(TcpProxy proxy) {
        return HostAndPort.from(proxy.hostAndPort());
    }
}
