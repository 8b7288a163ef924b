package lockstep.workshop.lockserver.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Step;
import lockstep.workshop.booking.StepEvent;
import lockstep.workshop.grading.GraderLockServer;
import lockstep.workshop.lock.LockSteps;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A lock client's steps, reported as a buyer's booking steps")
class LockClientStepsTest {

    private static final Buyer ALICE = new Buyer("Alice", "A1");
    private static final Buyer BOB = new Buyer("Bob", "A1");
    private static final Duration TTL = Duration.ofSeconds(30);

    private final List<StepEvent> heard = new CopyOnWriteArrayList<>();
    private GraderLockServer server;
    private LockServerClient nodeClient;

    @BeforeEach
    void startServer() throws Exception {
        server = GraderLockServer.withManualClock();
        nodeClient = LockServerClient.connect(URI.create(server.services().requireLockServer()));
    }

    @AfterEach
    void stopServer() {
        nodeClient.close();
        server.close();
    }

    @Test
    @DisplayName("acquire, renew and release become asked, granted, renewed and released, with the lock as detail")
    void holderTokenSteps() {
        LockServerClient alices = nodeClient.withListener(LockClientSteps.of(LockSteps.of("Alpha", ALICE.id(), heard::add)));

        Grant grant = alices.acquire("seat-A1", "Alpha", TTL).grantIfAny().orElseThrow();
        alices.renew(grant);
        alices.release(grant);

        assertThat(heard).extracting(StepEvent::node, StepEvent::buyer, StepEvent::step, StepEvent::point,
                StepEvent::detail).containsExactly(
                tuple("Alpha", "Alice", Step.LOCK_ASKED, "before-acquire", "seat-A1"),
                tuple("Alpha", "Alice", Step.LOCK_GRANTED, "acquire-granted", "seat-A1"),
                tuple("Alpha", "Alice", Step.LOCK_RENEWED, "renewed", "seat-A1"),
                tuple("Alpha", "Alice", Step.LOCK_RELEASED, "before-release", "seat-A1"));
    }

    @Test
    @DisplayName("setnx and expire are a grant and a renewal; a denied setnx is a denial")
    void twoStepSteps() {
        LockServerClient alices = nodeClient.withListener(LockClientSteps.of(LockSteps.of("Alpha", ALICE.id(), heard::add)));
        LockServerClient bobs = nodeClient.withListener(LockClientSteps.of(LockSteps.of("Alpha", BOB.id(), heard::add)));

        alices.setnx("seat-A1", "Alpha");
        alices.expire("seat-A1", "Alpha", TTL);
        bobs.setnx("seat-A1", "Alpha");

        assertThat(heard).extracting(StepEvent::buyer, StepEvent::step, StepEvent::point).containsExactly(
                tuple("Alice", Step.LOCK_ASKED, "before-setnx"),
                tuple("Alice", Step.LOCK_GRANTED, "setnx-granted"),
                tuple("Alice", Step.LOCK_RENEWED, "expire-set"),
                tuple("Bob", Step.LOCK_ASKED, "before-setnx"),
                tuple("Bob", Step.LOCK_DENIED, "setnx-denied"));
    }

    @Test
    @DisplayName("a renewal or a release of a lease that has run out is the moment the buyer learns it lost the lock")
    void lostLeases() {
        LockServerClient alices = nodeClient.withListener(LockClientSteps.of(LockSteps.of("Alpha", ALICE.id(), heard::add)));
        Grant grant = alices.acquire("seat-A1", "Alpha", TTL).grantIfAny().orElseThrow();
        server.endEveryLease();
        heard.clear();

        alices.renew(grant);
        alices.release(grant);

        assertThat(heard).extracting(StepEvent::step, StepEvent::point).containsExactly(
                tuple(Step.LOCK_LOST, "renew-not-held"),
                tuple(Step.LOCK_RELEASED, "before-release"),
                tuple(Step.LOCK_LOST, "release-not-held"));
    }

    @Test
    @DisplayName("each buyer's view reports as that buyer, and closing a view leaves the node's connections open")
    void viewsShareTheNodesConnections() {
        LockServerClient alices = nodeClient.withListener(LockClientSteps.of(LockSteps.of("Alpha", ALICE.id(), heard::add)));
        LockServerClient bobs = nodeClient.withListener(LockClientSteps.of(LockSteps.of("Alpha", BOB.id(), heard::add)));

        Grant grant = alices.acquire("seat-A1", "Alpha", TTL).grantIfAny().orElseThrow();
        alices.close();
        bobs.acquire("seat-B1", "Alpha", TTL);

        assertThat(heard).filteredOn(event -> event.step() == Step.LOCK_GRANTED)
                .extracting(StepEvent::buyer, StepEvent::detail)
                .containsExactly(tuple("Alice", "seat-A1"), tuple("Bob", "seat-B1"));
        assertThat(nodeClient.release(grant)).as("the node's client still works after a view was closed")
                .isNotNull();
    }
}
