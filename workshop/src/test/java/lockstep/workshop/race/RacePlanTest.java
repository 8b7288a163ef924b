package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import lockstep.workshop.booking.Buyer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A race plan spreads buyers over nodes and seats")
class RacePlanTest {

    @Test
    @DisplayName("Every seat is wanted by buyers on every node, so every contest crosses nodes")
    void everySeatIsWantedOnEveryNode() {
        RacePlan plan = new RacePlan(1000, 10, 10);

        for (int node = 0; node < plan.nodes(); node++) {
            Set<String> seatsWanted = new HashSet<>();
            plan.buyersOf(node).forEach(buyer -> seatsWanted.add(buyer.seat()));
            assertThat(seatsWanted).as("seats wanted on %s", plan.nodeName(node)).hasSize(10);
        }
    }

    @Test
    @DisplayName("Every buyer is served by exactly one node")
    void everyBuyerOnOneNode() {
        RacePlan plan = new RacePlan(1000, 7, 3);

        List<Buyer> served = IntStream.range(0, plan.nodes())
                .boxed().flatMap(node -> plan.buyersOf(node).stream()).toList();

        assertThat(served).hasSize(1000).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(plan.allBuyers());
    }

    @Test
    @DisplayName("Zero buyers, nodes or seats are refused, naming the flag")
    void zeroIsRefused() {
        assertThatThrownBy(() -> new RacePlan(0, 1, 1)).hasMessage("--buyers must be at least 1, but was 0");
        assertThatThrownBy(() -> new RacePlan(1, 0, 1)).hasMessage("--nodes must be at least 1, but was 0");
        assertThatThrownBy(() -> new RacePlan(1, 1, -2)).hasMessage("--seats must be at least 1, but was -2");
    }
}
