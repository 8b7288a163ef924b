package lockstep.workshop.redis;

/**
 * Starts two Redis servers, prints their process ids and folder, and exits without closing them: what a test that
 * forgets to close, or a command stopped while it starts servers, leaves to the JVM's shutdown.
 */
public final class LeaveServersOpen {

    private LeaveServersOpen() {
    }

    public static void main(String[] args) throws Exception {
        RedisServers servers = RedisServers.of(2).start();
        System.out.println("PIDS " + servers.process(0).pid() + " " + servers.process(1).pid());
        System.out.println("FOLDER " + servers.folder(0).getParent());
        System.exit(0);
    }
}
