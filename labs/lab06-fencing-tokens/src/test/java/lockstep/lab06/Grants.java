package lockstep.lab06;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import lockstep.workshop.CloseAll;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.DistributedLock;

/**
 * Grants of seat A1's lock taken one after the other, each by a buyer of its own, on two nodes in turn (Alpha, Beta,
 * Alpha, ...), as the learner's code hands out their tokens. Each grant is let go before the next is asked for.
 *
 * @param <C> the lab's connection to its lock service
 */
final class Grants<C extends AutoCloseable> implements AutoCloseable {

    /** One grant: who held it, and the token their lock gave. */
    record Grant(String holder, OptionalLong token) {

        @Override
        public String toString() {
            return holder + (token.isPresent() ? " with token " + token.getAsLong() : " with no token");
        }
    }

    private final LockSeam<C> seam;
    private final List<C> nodes = new ArrayList<>();
    private final List<Grant> taken = new ArrayList<>();

    private Grants(LockSeam<C> seam) {
        this.seam = seam;
    }

    /** Grants of the lab's lock through {@code seam}, on two nodes connected to {@code services}. */
    static <C extends AutoCloseable> Grants<C> on(LockSeam<C> seam, Services services) throws Exception {
        Grants<C> grants = new Grants<>(seam);
        try {
            grants.nodes.add(seam.connect("Alpha", services));
            grants.nodes.add(seam.connect("Beta", services));
        } catch (Exception e) {
            grants.close();
            throw e;
        }
        return grants;
    }

    /** Takes {@code count} more grants, one after the other, and returns them. */
    List<Grant> take(int count) throws Exception {
        List<Grant> these = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int number = taken.size() + 1;
            String node = number % 2 == 1 ? "Alpha" : "Beta";
            String buyer = "buyer-" + number;
            DistributedLock lock = seam.lock(nodes.get(number % 2 == 1 ? 0 : 1), node, buyer, "A1");
            Duration wait = Timing.forPromptEvent();
            if (!lock.acquire(wait)) {
                throw new IllegalStateException(buyer + " on " + node + " did not get A1's lock within "
                        + wait.toSeconds() + " s, though nobody else held it");
            }
            Grant grant = new Grant(buyer + " on " + node, lock.fencingToken());
            lock.release();
            these.add(grant);
            taken.add(grant);
        }
        return these;
    }

    /** The first grant, in this order, whose token is missing or not larger than the one before; or null. */
    static String firstOutOfOrder(List<Grant> grants) {
        for (int i = 0; i < grants.size(); i++) {
            Grant grant = grants.get(i);
            if (grant.token().isEmpty()) {
                return "grant " + (i + 1) + " (" + grant + ") carried no fencing token at all";
            }
            if (i > 0 && grant.token().getAsLong() <= grants.get(i - 1).token().getAsLong()) {
                return "grant " + (i + 1) + " (" + grant + ") came after grant " + i + " (" + grants.get(i - 1)
                        + ") but its token is not larger";
            }
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        CloseAll.close(nodes);
    }
}
