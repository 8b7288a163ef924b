package lockstep.workshop.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import lockstep.workshop.live.ZnodeSnapshot.Change;
import lockstep.workshop.live.ZnodeSnapshot.LockZnode;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A look at lock znodes, as the live page draws it")
class ZnodeSnapshotTest {

    private static final long NOW = 1_796_000_000_000L;

    @Test
    @DisplayName("each lock znode is a card: its data as holder; session, timeout, time held, czxid and line as facts; its watchers")
    void aCardPerZnode() {
        LockZnode a1 = new LockZnode("A1", "node-03/buyer-0042", 0x1000a2bL, NOW - 1_240, 0x2f, 4_000, 5);
        ZnodeSnapshot look = new ZnodeSnapshot("127.0.0.1:2181", "/lockstep/locks", NOW, "", List.of(a1),
                List.of(new Change(NOW, "taken", "A1 taken by node-03/buyer-0042 (session 0x1000a2b)")));

        Board board = look.board();

        assertThat(board.source()).isEqualTo("Lock znodes under /lockstep/locks at 127.0.0.1:2181");
        Board.Card card = board.locks().get(0);
        assertThat(card.holder()).isEqualTo("node-03/buyer-0042");
        assertThat(card.facts()).containsExactly(new Board.Fact("session", "0x1000a2b"),
                new Board.Fact("session timeout", "4,000 ms"), new Board.Fact("held for", "1.2 s"),
                new Board.Fact("czxid", "0x2f"), new Board.Fact("in line", "0"));
        assertThat(card.waiters()).isEqualTo(Board.Waiters.counted("watching", 5));
        assertThat(card.warning()).isEmpty();
        assertThat(board.events()).containsExactly(new Board.Event(TimeOfDay.of(NOW), "taken",
                "A1 taken by node-03/buyer-0042 (session 0x1000a2b)"));
    }

    @Test
    @DisplayName("a persistent lock znode has no session, and its card warns that it outlives its holder")
    void aPersistentZnodeIsWarnedOf() {
        LockZnode a1 = new LockZnode("A1", "Node_Alpha/Node_Alpha", 0, NOW, 0x30, ZnodeSnapshot.UNKNOWN,
                ZnodeSnapshot.UNKNOWN);

        Board.Card card = new ZnodeSnapshot("127.0.0.1:2181", "/lockstep/locks", NOW, "", List.of(a1), List.of())
                .board().locks().get(0);

        assertThat(card.facts()).contains(new Board.Fact("session", "none: PERSISTENT"),
                new Board.Fact("session timeout", "?"));
        assertThat(card.waiters().count()).as("watchers no server would count").isEqualTo(Board.Waiters.UNKNOWN);
        assertThat(card.warning()).contains("persistent znode", "stays when its holder's session ends");
    }

    @Test
    @DisplayName("a look at a ZooKeeper that does not answer carries its sentence to the board, and no lock")
    void zooKeeperDown() {
        ZnodeSnapshot look = new ZnodeSnapshot("127.0.0.1:2181", "/lockstep/locks", NOW,
                "No ZooKeeper answers at 127.0.0.1:2181.", List.of(), List.of());

        assertThat(look.serviceAnswered()).isFalse();
        assertThat(look.board().problem()).isEqualTo("No ZooKeeper answers at 127.0.0.1:2181.");
        assertThat(look.board().serviceAnswered()).isFalse();
    }
}
