package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;
import lockstep.workshop.testlabs.TestLabs;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A race")
class RaceTest {

    @Test
    @DisplayName("with correct booking code on threads sells every seat exactly once and answers every buyer")
    void correctCodeOnThreads() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(500).nodes(5).seats(7));

        AuditReport audit = result.audit();
        assertThat(audit.sold()).isEqualTo(7);
        assertThat(audit.oversold()).isZero();
        assertThat(audit.unanswered()).isZero();
        assertThat(audit.booked() + audit.taken()).isEqualTo(500);
        assertThat(result.toJson()).contains("\"sold\":7", "\"oversold\":0", "\"mode\":\"threads\"");
    }

    @Test
    @DisplayName("whose buyers stop making progress ends once nothing happened for its stall bound, saying who waits where")
    void aStalledRaceEndsAndSaysWhy() {
        RaceSetup setup = RaceSetup.of(TestLabs.code(TestLabs.NeverReleases.class)).buyers(20).nodes(2).seats(1);

        assertThatThrownBy(() -> Race.run(setup))
                .isInstanceOf(RaceStalledException.class)
                .hasMessageContaining("no buyer took a step")
                .hasMessageContaining("19 of 20 buyers still had no answer")
                .hasMessageContaining("released it")
                .hasMessageContaining("has waited")
                .hasMessageContaining("since 'lock asked A1'");
    }

    @Test
    @DisplayName("with correct booking code in separate processes sells every seat exactly once")
    void correctCodeInProcesses() throws Exception {
        RaceResult result = Race.run(RaceSetup.of(TestLabs.code(TestLabs.ConditionalUpdate.class))
                .buyers(200).nodes(3).seats(2).inProcesses());

        assertThat(result.audit().sold()).isEqualTo(2);
        assertThat(result.audit().oversold()).isZero();
        assertThat(result.audit().unanswered()).isZero();
    }

    @Test
    @DisplayName("lets no buyer press Buy until the slowest node is ready")
    void waitsForTheSlowestNode() throws Exception {
        SlowNodeThree.reset();
        Thread race = new Thread(() -> {
            try {
                Race.run(RaceSetup.of(TestLabs.code(SlowNodeThree.class)).buyers(100).nodes(4).seats(1));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        race.start();
        SlowNodeThree.otherNodesOpened.await();

        assertThat(SlowNodeThree.purchases.get()).as("purchases while node-03 is still opening").isZero();

        SlowNodeThree.nodeThreeMayOpen.countDown();
        race.join();
        assertThat(SlowNodeThree.purchases.get()).isEqualTo(100);
    }

    @Test
    @DisplayName("with a node process that cannot start fails and names the node and its reason")
    void aNodeThatCannotStart() {
        assertThatThrownBy(() -> Race.run(RaceSetup.of(TestLabs.code(TestLabs.BrokenSecondNode.class))
                .buyers(30).nodes(3).seats(1).inProcesses()))
                .isInstanceOf(RaceException.class)
                .hasMessageContaining("node-02")
                .hasMessageContaining("no lock service to talk to");
    }

    /** Node 3 takes until the test lets it open; every purchase is counted. */
    public static final class SlowNodeThree implements LabBooking {
        static CountDownLatch otherNodesOpened;
        static CountDownLatch nodeThreeMayOpen;
        static AtomicInteger purchases;

        static void reset() {
            otherNodesOpened = new CountDownLatch(3);
            nodeThreeMayOpen = new CountDownLatch(1);
            purchases = new AtomicInteger();
        }

        @Override
        public BookingNode openNode(NodeContext node) throws Exception {
            if (node.name().equals("node-03")) {
                nodeThreeMayOpen.await();
            } else {
                otherNodesOpened.countDown();
            }
            BookingNode correct = new TestLabs.ConditionalUpdate().openNode(node);
            return (buyer, office) -> {
                purchases.incrementAndGet();
                return correct.buy(buyer, office);
            };
        }
    }
}
