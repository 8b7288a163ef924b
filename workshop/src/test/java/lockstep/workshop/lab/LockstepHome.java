package lockstep.workshop.lab;

import java.nio.file.Path;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The workshop folder a test points the toolkit at ({@link WorkshopHome}, the {@code lockstep.home} system property),
 * set back to what it was after each test, so that no other test finds itself in a made-up workshop.
 *
 * <pre>{@code
 * @RegisterExtension
 * final LockstepHome lockstepHome = new LockstepHome();
 * }</pre>
 */
public final class LockstepHome implements BeforeEachCallback, AfterEachCallback {

    private static final String PROPERTY = "lockstep.home";

    private String before;

    /** Points the toolkit at the workshop in {@code home} until the test ends. */
    public void set(Path home) {
        System.setProperty(PROPERTY, home.toString());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        before = System.getProperty(PROPERTY);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (before == null) {
            System.clearProperty(PROPERTY);
        } else {
            System.setProperty(PROPERTY, before);
        }
    }
}
