package lockstep.workshop.race;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Seats;

/**
 * Who presses "Buy" for which seat, and on which node. Buyer {@code i} (counting from 0) is served
 * by node {@code i % nodes} and wants seat {@code (i / nodes) % seats}, so every seat is wanted by
 * buyers on every node: the contest for a seat always crosses nodes.
 *
 * @param buyers how many buyers, at least 1
 * @param nodes  how many nodes, at least 1
 * @param seats  how many seats, at least 1
 */
public record RacePlan(int buyers, int nodes, int seats) {

    public RacePlan {
        requireAtLeastOne("--buyers", buyers);
        requireAtLeastOne("--nodes", nodes);
        requireAtLeastOne("--seats", seats);
    }

    /** The name of node {@code index} (from 0): node-01, node-02, ... */
    public String nodeName(int index) {
        return String.format("node-%02d", index + 1);
    }

    public List<String> nodeNames() {
        List<String> names = new ArrayList<>(nodes);
        for (int i = 0; i < nodes; i++) {
            names.add(nodeName(i));
        }
        return names;
    }

    /** Every buyer, in the order they are numbered. */
    public List<Buyer> allBuyers() {
        List<Buyer> all = new ArrayList<>(buyers);
        List<String> labels = Seats.labels(seats);
        int width = String.valueOf(buyers).length();
        for (int i = 0; i < buyers; i++) {
            all.add(new Buyer(String.format("buyer-%0" + width + "d", i + 1), labels.get((i / nodes) % seats)));
        }
        return all;
    }

    /** The buyers node {@code index} serves. */
    public List<Buyer> buyersOf(int index) {
        List<Buyer> all = allBuyers();
        List<Buyer> mine = new ArrayList<>();
        for (int i = index; i < all.size(); i += nodes) {
            mine.add(all.get(i));
        }
        return mine;
    }

    /** Every buyer with the node that serves them, in the order they are numbered. */
    public Map<Buyer, String> nodeOfEachBuyer() {
        Map<Buyer, String> nodeOf = new LinkedHashMap<>();
        List<Buyer> all = allBuyers();
        for (int i = 0; i < all.size(); i++) {
            nodeOf.put(all.get(i), nodeName(i % nodes));
        }
        return nodeOf;
    }

    private static void requireAtLeastOne(String flag, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(flag + " must be at least 1, but was " + value);
        }
    }
}
