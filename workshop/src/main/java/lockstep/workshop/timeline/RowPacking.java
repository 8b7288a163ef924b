package lockstep.workshop.timeline;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Puts the buyers of each node on rows of the node's lane so that no two attempts on one row overlap: each buyer,
 * in the order they started, takes the first row that is free by then. A node serves a few buyers at once, so its
 * lane needs about as many rows as it has counters, however many buyers it serves.
 */
final class RowPacking {

    private RowPacking() {
    }

    static void pack(List<Track> tracks) {
        List<Track> byStart = new ArrayList<>(tracks);
        byStart.sort(Comparator.comparingDouble((Track track) -> track.fromMs).thenComparing(track -> track.buyer));
        Map<String, List<Double>> rowsFreeFrom = new HashMap<>();
        for (Track track : byStart) {
            List<Double> freeFrom = rowsFreeFrom.computeIfAbsent(track.node, node -> new ArrayList<>());
            int row = 0;
            while (row < freeFrom.size() && freeFrom.get(row) >= track.fromMs) {
                row++;
            }
            if (row == freeFrom.size()) {
                freeFrom.add(track.toMs);
            } else {
                freeFrom.set(row, track.toMs);
            }
            track.row = row;
        }
    }
}
