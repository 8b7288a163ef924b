package lockstep.workshop.lockserver;

import lockstep.workshop.grading.Timing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import lockstep.workshop.lockserver.client.AcquireOutcome;
import lockstep.workshop.lockserver.client.Grant;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockClientListener;
import lockstep.workshop.lockserver.client.LockClientStep;
import lockstep.workshop.lockserver.client.LockRequestRejectedException;
import lockstep.workshop.lockserver.client.LockServerClient;
import lockstep.workshop.lockserver.client.LockServerUnavailableException;
import lockstep.workshop.lockserver.client.NotHeld;
import lockstep.workshop.lockserver.client.ReleaseOutcome;
import lockstep.workshop.lockserver.client.RenewOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The Java lock server client")
class LockServerClientTest {

    @TempDir
    Path folder;
    TestLockServer server;
    LockServerClient client;
    final List<String> steps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = TestLockServer.start(folder);
        client = LockServerClient.connect(server.uri(), (step, resource, owner) ->
                steps.add(step.label() + " " + resource + " " + owner));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Nested
    @DisplayName("with holder tokens")
    class HolderTokens {

        @Test
        @DisplayName("acquire returns a grant with both tokens, and the listener hears every step in order")
        void acquireGrants() {
            AcquireOutcome outcome = client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5));

            assertThat(outcome).isInstanceOf(AcquireOutcome.Granted.class);
            Grant grant = outcome.grantIfAny().orElseThrow();
            assertThat(grant.resource()).isEqualTo("seat-A1");
            assertThat(grant.owner()).isEqualTo("Node_Alpha");
            assertThat(grant.fencingToken()).isEqualTo(1);
            assertThat(grant.holderToken()).matches("[0-9a-f]{32}");
            assertThat(grant.expiresAtMillis()).isEqualTo(server.nowMillis() + 5_000);
            assertThat(grant.validityLeft()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(5));
            assertThat(grant.toString()).doesNotContain(grant.holderToken());
            assertThat(steps)
                    .containsExactly("before-acquire seat-A1 Node_Alpha", "acquire-granted seat-A1 Node_Alpha");
        }

        @Test
        @DisplayName("a held lock is denied with the holder's name")
        void acquireDenied() {
            client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5));

            AcquireOutcome outcome = client.acquire("seat-A1", "Node_Beta", Duration.ofSeconds(5));

            assertThat(outcome).isEqualTo(new AcquireOutcome.Denied("seat-A1", "Node_Alpha",
                    AcquireOutcome.Reason.LOCKED_BY_OTHER, 5_000));
        }

        @Test
        @DisplayName("renew extends the lease, and a renew after expiry says the lock is no longer held")
        void renew() {
            Grant grant = client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5)).grantIfAny().orElseThrow();
            server.clock.advance(Duration.ofSeconds(3));

            RenewOutcome renewed = client.renew(grant);
            server.clock.advance(Duration.ofSeconds(6));
            RenewOutcome late = client.renew(grant);

            assertThat(renewed).isInstanceOf(RenewOutcome.Renewed.class);
            assertThat(((RenewOutcome.Renewed) renewed).grant().expiresAtMillis())
                    .isEqualTo(grant.expiresAtMillis() + 3_000);
            assertThat(late).isInstanceOf(NotHeld.class);
            assertThat(((NotHeld) late).reason()).isEqualTo("no_lock");
        }

        @Test
        @DisplayName("release frees the lock once; a second release says it is not held")
        void release() {
            Grant grant = client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5)).grantIfAny().orElseThrow();

            assertThat(client.release(grant)).isEqualTo(new ReleaseOutcome.Released("seat-A1", 1));
            assertThat(client.release(grant)).isInstanceOf(NotHeld.class);
        }

        @Test
        @DisplayName("a waiting acquire returns when the holder releases")
        void waitingAcquire() throws Exception {
            Grant alpha = client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5)).grantIfAny().orElseThrow();
            ExecutorService beta = Executors.newSingleThreadExecutor();
            try {
                Future<AcquireOutcome> waiting = beta.submit(() -> client.acquire("seat-A1", "Node_Beta",
                        Duration.ofSeconds(5), Duration.ofSeconds(30)));
                awaitWaiters(1);

                client.release(alpha);

                AcquireOutcome outcome = waiting.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
                assertThat(outcome.grantIfAny()).hasValueSatisfying(grant ->
                        assertThat(grant.fencingToken()).isEqualTo(2));
            } finally {
                beta.shutdownNow();
            }
        }
    }

    @Nested
    @DisplayName("with the unsafe primitives")
    class Unsafe {

        @Test
        @DisplayName("setnx then expire gives the lock a TTL")
        void setnxThenExpire() {
            AcquireOutcome set = client.setnx("seat-A1", "Node_Alpha");
            RenewOutcome expire = client.expire("seat-A1", "Node_Alpha", Duration.ofSeconds(5));

            assertThat(set.grantIfAny()).hasValueSatisfying(grant -> assertThat(grant.expires()).isFalse());
            assertThat(expire).isInstanceOf(RenewOutcome.Renewed.class);
            assertThat(steps).containsExactly("before-setnx seat-A1 Node_Alpha", "setnx-granted seat-A1 Node_Alpha",
                    "before-expire seat-A1 Node_Alpha", "expire-set seat-A1 Node_Alpha");
        }

        @Test
        @DisplayName("a crash injected between setnx and expire leaves the seat locked forever")
        void crashBetweenSetnxAndExpire() {
            RuntimeException crash = new IllegalStateException("killed at setnx-granted");
            try (LockServerClient crashing = LockServerClient.connect(server.uri(), (step, resource, owner) -> {
                if (step == LockClientStep.SETNX_GRANTED) {
                    throw crash;
                }
            })) {
                assertThatThrownBy(() -> {
                    crashing.setnx("seat-A1", "Node_Alpha");
                    crashing.expire("seat-A1", "Node_Alpha", Duration.ofSeconds(5));
                }).isSameAs(crash);
            }
            server.clock.advance(Duration.ofDays(1));

            assertThat(client.acquire("seat-A1", "Node_Beta", Duration.ofSeconds(5)))
                    .withFailMessage("a day later the seat should still be locked by the crashed Node_Alpha")
                    .isEqualTo(new AcquireOutcome.Denied("seat-A1", "Node_Alpha",
                            AcquireOutcome.Reason.LOCKED_BY_OTHER, HeldLock.NEVER));
        }

        @Test
        @DisplayName("releaseByOwner releases whatever lock carries that name")
        void releaseByOwner() {
            client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5));

            assertThat(client.releaseByOwner("seat-A1", "Node_Alpha"))
                    .isEqualTo(new ReleaseOutcome.Released("seat-A1", 0));
            assertThat(client.releaseByOwner("seat-A1", "Node_Alpha")).isInstanceOf(NotHeld.class);
        }
    }

    @Nested
    @DisplayName("when something is wrong")
    class Errors {

        @Test
        @DisplayName("no server at the URL: the message names the URL and how to start a server")
        void noServer() throws IOException {
            int freePort;
            try (ServerSocket probe = new ServerSocket(0)) {
                freePort = probe.getLocalPort();
            }
            try (LockServerClient nowhere = LockServerClient.connect(URI.create("http://127.0.0.1:" + freePort))) {
                assertThatThrownBy(() -> nowhere.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5)))
                        .isInstanceOfSatisfying(LockServerUnavailableException.class, e ->
                                assertThat(e.requestMayHaveArrived()).isFalse())
                        .hasMessageContaining("http://127.0.0.1:" + freePort)
                        .hasMessageContaining("./lockstep lock-server");
                assertThat(nowhere.isServerUp()).isFalse();
            }
        }

        @Test
        @DisplayName("a server that never answers: the call gives up after the answer timeout, outcome unknown")
        void silentServer() throws IOException {
            try (ServerSocket silent = new ServerSocket(0);
                 LockServerClient impatient = LockServerClient.connect(
                         URI.create("http://127.0.0.1:" + silent.getLocalPort()), LockClientListener.NONE,
                         Timing.shortRequestTimeout())) {
                assertThatThrownBy(() -> impatient.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5)))
                        .isInstanceOfSatisfying(LockServerUnavailableException.class, e ->
                                assertThat(e.requestMayHaveArrived()).isTrue())
                        .hasMessageContaining("outcome is unknown")
                        .hasMessageContaining("no answer within");
            }
        }

        @Test
        @DisplayName("a request the server turns down throws with its status, error code and explanation")
        void rejected() {
            assertThatThrownBy(() -> client.acquire("seat A1", "Node_Alpha", Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(LockRequestRejectedException.class, e -> {
                        assertThat(e.status()).isEqualTo(400);
                        assertThat(e.error()).isEqualTo("bad_resource");
                        assertThat(e.detail()).contains("a space");
                    });
        }

        @Test
        @DisplayName("releaseByOwner on a strict server is turned down with 403")
        void strict() throws IOException {
            try (TestLockServer strict = TestLockServer.start(folder.resolve("strict"),
                    config -> config.withStrict(true));
                 LockServerClient strictClient = LockServerClient.connect(strict.uri())) {
                assertThatThrownBy(() -> strictClient.releaseByOwner("seat-A1", "Node_Alpha"))
                        .isInstanceOfSatisfying(LockRequestRejectedException.class, e ->
                                assertThat(e.status()).isEqualTo(403));
            }
        }
    }

    @Test
    @DisplayName("a connection the server closed by stopping is not used again: the first request after a restart is answered")
    void firstRequestAfterARestartIsAnswered() throws Exception {
        AcquireOutcome before = client.acquire("seat-A1", "Node_Alpha", Duration.ofSeconds(5));
        int port = server.port();
        server.close();
        server = TestLockServer.start(folder, config -> config.withPort(port));
        // An idle connection is looked at before reuse once it has been idle for 50 ms; a real restart takes longer.
        Thread.sleep(100);

        AcquireOutcome after = client.acquire("seat-A2", "Node_Alpha", Duration.ofSeconds(5));

        assertThat(before).isInstanceOf(AcquireOutcome.Granted.class);
        assertThat(after).isInstanceOf(AcquireOutcome.Granted.class);
    }

    @Test
    @DisplayName("one client shared by 8 threads: every thread gets the lock in turn, never two at once")
    void sharedByManyThreads() throws Exception {
        int threads = 8;
        int rounds = 25;
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        List<Long> tokens = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String owner = "buyer-" + t;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < rounds; round++) {
                        Grant grant = client.acquire("seat-A1", owner, Duration.ofSeconds(30), Duration.ofSeconds(60))
                                .grantIfAny().orElseThrow();
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        tokens.add(grant.fencingToken());
                        inside.decrementAndGet();
                        assertThat(client.release(grant)).isInstanceOf(ReleaseOutcome.Released.class);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(Timing.forPromptEvent().toMillis() * 3, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(mostInside.get()).withFailMessage("%d threads held seat-A1 at once", mostInside.get())
                .isEqualTo(1);
        assertThat(tokens).hasSize(threads * rounds).isSorted().doesNotHaveDuplicates();
    }

    private void awaitWaiters(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (client.locks().stream().mapToInt(HeldLock::waiting).sum() != count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + count + " waiter(s), the server shows " + client.locks());
            }
            Thread.sleep(2);
        }
    }
}
