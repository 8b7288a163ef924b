package lockstep.workshop.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lockstep.workshop.lockserver.client.HeldLock;
import lockstep.workshop.lockserver.client.LockEvent;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A look at the lock server, as the live page draws it")
class LockServerSnapshotTest {

    private static final URI SERVER = URI.create("http://127.0.0.1:14000");
    private static final long NOW = 1_796_000_000_000L;

    @Test
    @DisplayName("each lock is a card: owner as holder, fencing token and time left as facts, its queue as waiting")
    void aCardPerLock() {
        LockServerSnapshot look = new LockServerSnapshot(SERVER, NOW, null,
                List.of(new HeldLock("seat-A1", "Node_Alpha", 7, NOW + 1_600, 1_600, 3)), List.of());

        Board board = look.board();

        assertThat(board.source()).isEqualTo("Lock server http://127.0.0.1:14000");
        assertThat(board.serviceAnswered()).isTrue();
        Board.Card card = board.locks().get(0);
        assertThat(card.name()).isEqualTo("seat-A1");
        assertThat(card.holder()).isEqualTo("Node_Alpha");
        assertThat(card.facts()).containsExactly(new Board.Fact("fencing token", "7"), new Board.Fact("time left", "1.6 s"));
        assertThat(card.waiters()).isEqualTo(Board.Waiters.counted("waiting", 3));
        assertThat(card.warning()).isEmpty();
    }

    @Test
    @DisplayName("a lock set with setnx and never given a TTL never ends, and its card warns of it")
    void aLockWithoutTtlIsWarnedOf() {
        LockServerSnapshot look = new LockServerSnapshot(SERVER, NOW, null,
                List.of(new HeldLock("seat-A1", "node-02/buyer-0013", 4, HeldLock.NEVER, HeldLock.NEVER, 0)), List.of());

        Board.Card card = look.board().locks().get(0);

        assertThat(card.facts()).contains(new Board.Fact("time left", "never ends"));
        assertThat(card.warning()).contains("setnx", "never given a TTL", "until someone releases it");
    }

    @Test
    @DisplayName("while no server answers, the board says since when and how to start one, and keeps the last events")
    void serverDown() {
        LockEvent granted = new LockEvent(41, NOW - 5_000, LockEvent.Type.GRANTED, "seat-A1", "Node_Alpha", 7, "TTL 2000 ms");
        LockServerSnapshot look = new LockServerSnapshot(SERVER, NOW, Instant.ofEpochMilli(NOW - 2_000), List.of(),
                List.of(granted));

        Board board = look.board();

        assertThat(board.serviceAnswered()).isFalse();
        assertThat(board.problem()).isEqualTo("No lock server answers here (since " + TimeOfDay.of(NOW - 2_000)
                + "). Start one with ./lockstep lock-server. Trying again...");
        assertThat(board.events()).containsExactly(new Board.Event(TimeOfDay.of(NOW - 5_000), "granted",
                "seat-A1  Node_Alpha  #7  TTL 2000 ms"));
    }

    @Test
    @DisplayName("becomes JSON with the page's field names: a denial has no fencing token to show")
    void asJson() throws Exception {
        LockEvent denied = new LockEvent(42, NOW, LockEvent.Type.DENIED, "seat-A1", "Node_Beta", 0, "held by Node_Alpha");
        LockServerSnapshot look = new LockServerSnapshot(SERVER, NOW, null,
                List.of(new HeldLock("seat-A1", "Node_Alpha", 7, NOW + 1_600, 1_600, 0)), List.of(denied));

        Map<String, Object> json = JSON.std.mapFrom(JSON.std.asString(look.board().toData()));

        assertThat(json).containsEntry("source", "Lock server http://127.0.0.1:14000")
                .containsEntry("takenAtMs", NOW).containsEntry("takenAt", TimeOfDay.of(NOW))
                .containsEntry("problem", "").containsEntry("noLocks", "No locks are held.")
                .containsEntry("eventsHeading", "Last events");
        assertThat(json.get("locks")).asList().singleElement().isEqualTo(Map.of(
                "name", "seat-A1", "holder", "Node_Alpha", "warning", "",
                "facts", List.of(Map.of("label", "fencing token", "value", "7"), Map.of("label", "time left", "value", "1.6 s")),
                "waiting", Map.of("word", "waiting", "count", 0, "inOrder", List.of())));
        assertThat(json.get("events")).asList().singleElement().isEqualTo(Map.of(
                "time", TimeOfDay.of(NOW), "kind", "denied", "text", "seat-A1  Node_Beta  held by Node_Alpha"));
    }
}
