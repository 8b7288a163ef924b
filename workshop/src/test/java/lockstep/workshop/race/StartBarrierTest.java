package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The start barrier")
class StartBarrierTest {

    @Test
    @DisplayName("Waiting for readiness ends only when the last party is ready")
    void waitsForTheLastParty() throws Exception {
        StartBarrier barrier = new StartBarrier(3);
        Thread waiter = new Thread(() -> {
            try {
                barrier.awaitAllReady();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        waiter.start();
        barrier.ready();
        barrier.ready();
        awaitState(waiter, Thread.State.WAITING);

        assertThat(waiter.isAlive()).as("still waiting with 2 of 3 parties ready").isTrue();

        barrier.ready();
        waiter.join();
    }

    @Test
    @DisplayName("Nobody starts before go, and everybody starts after it")
    void nobodyStartsBeforeGo() throws Exception {
        StartBarrier barrier = new StartBarrier(1);
        CompletableFuture<Void> buyer = CompletableFuture.runAsync(() -> {
            try {
                barrier.awaitGo();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        assertThat(buyer).isNotDone();
        barrier.go();
        buyer.get();
    }

    @Test
    @DisplayName("A party that cannot get ready makes the wait fail with its reason")
    void failureEndsTheWait() {
        StartBarrier barrier = new StartBarrier(5);
        barrier.ready();
        barrier.failed(new IllegalStateException("node-04 cannot reach ZooKeeper"));

        assertThatThrownBy(barrier::awaitAllReady)
                .isInstanceOf(RaceException.class)
                .hasMessageContaining("node-04 cannot reach ZooKeeper");
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        while (thread.getState() != state) {
            Thread.sleep(1); // watching an observable state change, not guessing a delay
        }
    }
}
