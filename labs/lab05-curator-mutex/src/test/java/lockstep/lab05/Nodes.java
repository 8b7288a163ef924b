package lockstep.lab05;

import java.util.ArrayList;
import java.util.List;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.lab.Services;
import lockstep.workshop.zookeeper.CuratorConnection;

/**
 * The nodes one check opens through the lab's seam, each with the Curator client the code under
 * test builds (its session, its connection timeout, its retry policy), all closed when the check is
 * done.
 */
final class Nodes implements AutoCloseable {

    private final LockSeam<CuratorConnection> seam;
    private final String connectString;
    private final List<CuratorConnection> opened = new ArrayList<>();

    Nodes(LockSeam<CuratorConnection> seam, String connectString) {
        this.seam = seam;
        this.connectString = connectString;
    }

    /** Opens node {@code name}, connected straight to the grader's ZooKeeper. */
    CuratorConnection open(String name) throws Exception {
        return open(name, connectString);
    }

    /** Opens node {@code name}, connected to {@code through} (a proxy the check can cut, or another server). */
    CuratorConnection open(String name, String through) throws Exception {
        CuratorConnection node = seam.connect(name, new Services(through, null));
        opened.add(node);
        return node;
    }

    @Override
    public void close() {
        for (CuratorConnection node : opened) {
            try {
                node.close();
            } catch (Exception e) {
                // Safe to ignore: the node's session ends with the server's timeout at the latest,
                // and the next check starts from a clean tree.
            }
        }
    }
}
