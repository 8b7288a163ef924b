package lockstep.workshop.zookeeper;

import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real ensemble of three members, started before a test class's first test and closed after its last: the tests of
 * one class share it, because starting three members costs seconds. Register it with
 * {@code @RegisterExtension static final EnsembleOfThree ENSEMBLE = new EnsembleOfThree();}.
 */
public final class EnsembleOfThree implements BeforeAllCallback, AfterAllCallback {

    private EmbeddedZooKeeper ensemble;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        ensemble = EmbeddedZooKeeper.ensemble(3).start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (ensemble != null) {
            ensemble.close();
        }
    }

    /** The running ensemble. */
    public EmbeddedZooKeeper get() {
        if (ensemble == null) {
            throw new IllegalStateException("the ensemble starts before the class's first test; it is not running yet");
        }
        return ensemble;
    }
}
