package lockstep.workshop.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lockstep.workshop.live.QueueSnapshot.Change;
import lockstep.workshop.live.QueueSnapshot.Place;
import lockstep.workshop.live.QueueSnapshot.Queue;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A look at the queues of sequential znodes, as the live page draws it")
class QueueSnapshotTest {

    private static final long NOW = 1_796_000_000_000L;

    @Test
    @DisplayName("each seat's queue is a card: the first in line holds it, the others wait in order with whom they watch")
    void aCardPerQueue() {
        Place alice = new Place("lock-aa-0000000041", "0000000041", "node-01/buyer-0007", 0x1000a2bL, NOW - 1_240,
                "nothing", 1);
        Place bob = new Place("lock-bb-0000000042", "0000000042", "node-03/buyer-0042", 0x1000a2cL, NOW - 300,
                "the one before it (0000000041)", 0);
        QueueSnapshot look = new QueueSnapshot("127.0.0.1:2181", "/lockstep/lab04", NOW, "",
                List.of(new Queue("A1", List.of(alice, bob))),
                List.of(new Change(NOW, "taken", "A1 taken by node-01/buyer-0007 (0000000041)")));

        Board board = look.board();

        assertThat(board.source()).isEqualTo("Queues under /lockstep/lab04 at 127.0.0.1:2181");
        Board.Card card = board.locks().get(0);
        assertThat(card.name()).isEqualTo("A1");
        assertThat(card.holder()).isEqualTo("node-01/buyer-0007");
        assertThat(card.facts()).containsExactly(new Board.Fact("znode", "0000000041"),
                new Board.Fact("session", "0x1000a2b"), new Board.Fact("held for", "1.2 s"),
                new Board.Fact("holder watches", "nothing"));
        assertThat(card.waiters()).isEqualTo(new Board.Waiters("in line", 1,
                List.of("node-03/buyer-0042 (0000000042), watches the one before it (0000000041)")));
        assertThat(card.warning()).isEmpty();
        assertThat(board.events()).containsExactly(new Board.Event(TimeOfDay.of(NOW), "taken",
                "A1 taken by node-01/buyer-0007 (0000000041)"));
    }

    @Test
    @DisplayName("a look at a ZooKeeper that does not answer carries its sentence to the board, and no queue")
    void zooKeeperDown() {
        QueueSnapshot look = new QueueSnapshot("127.0.0.1:2181", "/lockstep/lab04", NOW,
                "No ZooKeeper answers at 127.0.0.1:2181.", List.of(), List.of());

        assertThat(look.serviceAnswered()).isFalse();
        assertThat(look.board().problem()).isEqualTo("No ZooKeeper answers at 127.0.0.1:2181.");
        assertThat(look.board().locks()).isEmpty();
    }
}
