package lockstep.workshop.lockserver;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tests of the lock server's API, each against a server of its own: a fresh data folder and clock
 * ({@link TestLockServer}), started before the test and stopped after it, so that no test sees another's locks.
 */
abstract class WithAFreshLockServer {

    @TempDir
    Path folder;
    TestLockServer server;

    @BeforeEach
    void startServer() throws IOException {
        server = TestLockServer.start(folder);
    }

    @AfterEach
    void stopServer() {
        server.close();
    }
}
