package lockstep.workshop.cli;

import java.nio.file.Path;

/** The workshop's folder: where the launcher runs from, and where {@code .lockstep/} keeps local state. */
final class LockstepHome {

    private LockstepHome() {
    }

    /** The folder named by the system property {@code lockstep.home}, else the current folder. */
    static Path directory() {
        return Path.of(System.getProperty("lockstep.home", "")).toAbsolutePath();
    }
}
