package lockstep.lab06;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.cli.Lockstep;
import lockstep.workshop.faults.ChildJvm;
import lockstep.workshop.faults.ProcessKill;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lockserver.client.LockServerClient;

/**
 * Lab 02's lock server in a process of its own ({@code lockstep lock-server}, as a learner starts it): three grants,
 * then SIGKILL, no goodbye; then the server started again on the same data folder, and three more grants.
 */
final class KilledLockServer {

    private static final String LISTENING = "Lock server listening on ";

    /** The grants before the kill and after the restart, in the order they were taken. */
    record Outcome(List<Grants.Grant> before, List<Grants.Grant> after) {
    }

    private KilledLockServer() {
    }

    static Outcome run(LockSeam<LockServerClient> seam) throws Exception {
        Path data = Files.createTempDirectory("lockstep-lab06-lock-server-");
        try {
            List<Grants.Grant> before;
            try (ChildJvm server = start(data); Grants<LockServerClient> grants = Grants.on(seam, servicesOf(server))) {
                before = grants.take(3);
                ProcessKill.kill(server.handle());
            }
            try (ChildJvm server = start(data); Grants<LockServerClient> grants = Grants.on(seam, servicesOf(server))) {
                return new Outcome(before, grants.take(3));
            }
        } finally {
            ScratchFolders.deleteQuietly(data);
        }
    }

    private static ChildJvm start(Path data) throws Exception {
        return ChildJvm.start(Lockstep.class, "lock-server", "--port", "0", "--data", data.toString());
    }

    private static Services servicesOf(ChildJvm server) throws InterruptedException {
        String line = server.awaitLineStartingWith(LISTENING, Timing.processStart());
        URI url = URI.create(line.substring(LISTENING.length()).split("[ ,]", 2)[0]);
        return new Services(null, url.toString());
    }
}
