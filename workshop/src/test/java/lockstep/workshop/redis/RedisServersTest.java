package lockstep.workshop.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.faults.ChildJvm;
import lockstep.workshop.grading.Timing;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

@DisplayName("Real Redis servers, each a process of its own")
class RedisServersTest {

    @Test
    @DisplayName("one server answers SET k v NX PX 3000 with OK once, then refuses the same key while it lives")
    void oneServerSetsAKeyOnlyIfAbsent() throws IOException {
        try (RedisServers servers = RedisServers.of(1).start();
                Jedis client = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
            SetParams lockLike = SetParams.setParams().nx().px(3000);

            assertThat(client.set("k", "v", lockLike)).isEqualTo("OK");
            assertThat(client.set("k", "w", lockLike)).withFailMessage("a second SET NX of a live key was accepted").isNull();
            assertThat(client.get("k")).isEqualTo("v");
            assertThat(client.pttl("k")).isBetween(1L, 3000L);
        }
    }

    @Test
    @DisplayName("five servers are five processes on five ports, none of them this JVM, and each keeps its own keys")
    void fiveIndependentServers() throws IOException {
        try (RedisServers servers = RedisServers.of(5).start()) {
            Set<Long> pids = new HashSet<>();
            Set<Integer> ports = new HashSet<>();
            for (int server = 0; server < 5; server++) {
                pids.add(servers.process(server).pid());
                ports.add(servers.address(server).getPort());
            }
            assertThat(pids).hasSize(5).doesNotContain(ProcessHandle.current().pid());
            assertThat(ports).hasSize(5);
            assertThat(servers.addresses()).hasSize(5).allMatch(address -> address.getHost().equals("127.0.0.1"));
            assertThat(servers.addressList()).isEqualTo(String.join(",",
                    servers.addresses().stream().map(Object::toString).toList()));

            try (Jedis first = RedisConnections.jedis(servers.address(0), Timing.forPromptEvent())) {
                assertThat(first.set("lock", "alice", SetParams.setParams().nx().px(3000))).isEqualTo("OK");
            }
            for (int server = 1; server < 5; server++) {
                try (Jedis other = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
                    assertThat(other.set("lock", "bob", SetParams.setParams().nx().px(3000)))
                            .withFailMessage("server %d saw the key set on server 0: the servers are not independent", server)
                            .isEqualTo("OK");
                }
            }
        }
    }

    @Test
    @DisplayName("each server is the Redis named as the one that ran, listening on 127.0.0.1 only")
    void theNamedBinaryRunsOnLoopback() throws IOException {
        try (RedisServers servers = RedisServers.of(2).start()) {
            for (int server = 0; server < 2; server++) {
                RedisServerStatus status = RedisServerStatus.of(servers.address(server), Timing.forPromptEvent());
                try (Jedis client = RedisConnections.jedis(servers.address(server), Timing.forPromptEvent())) {
                    assertThat(client.configGet("bind")).containsEntry("bind", "127.0.0.1");
                }
                assertThat(status.version()).isEqualTo(servers.binary().version());
                assertThat(status.pid()).isEqualTo(servers.process(server).pid());
            }
            assertThat(servers.binary().describe()).startsWith("Redis " + servers.binary().version() + ", redis-server from ");
        }
    }

    @Test
    @DisplayName("close kills every server, a paused one too, and deletes their folders")
    void closeLeavesNothing() throws Exception {
        RedisServers servers = RedisServers.of(2).start();
        List<ProcessHandle> processes = List.of(servers.process(0), servers.process(1));
        Path folder = servers.folder(0).getParent();
        assertThat(servers.folder(0).resolve("redis.conf")).isRegularFile();
        assertThat(servers.folder(0).resolve("redis.log")).content().contains("Ready to accept connections");

        servers.close();

        assertThat(processes).noneMatch(ProcessHandle::isAlive);
        assertThat(folder).doesNotExist();
    }

    @Test
    @DisplayName("a JVM that exits without closing its servers kills them and deletes their folders on its way out")
    void exitingJvmLeavesNothing() throws Exception {
        List<Long> pids;
        Path folder;
        try (ChildJvm child = ChildJvm.start(LeaveServersOpen.class)) {
            String pidLine = child.awaitLineStartingWith("PIDS ", Timing.forChildJvm());
            folder = Path.of(child.awaitLineStartingWith("FOLDER ", Timing.forPromptEvent()).substring("FOLDER ".length()));
            pids = Arrays.stream(pidLine.substring("PIDS ".length()).split(" ")).map(Long::parseLong).toList();
            assertThat(child.handle().onExit().get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS).isAlive()).isFalse();
        }

        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .withFailMessage("redis-server pid %d still runs after the JVM that started it exited", pid).isEmpty();
        }
        assertThat(folder).withFailMessage("the servers' folder %s is still there", folder).doesNotExist();
    }

    @Test
    @DisplayName("a chosen port that is taken fails with the port in the message, and the servers already started are killed")
    void takenPort() throws IOException {
        try (ServerSocket taken = portWithAFreeOneBelow()) {
            int secondPort = taken.getLocalPort();
            int firstPort = secondPort - 1;

            assertThatThrownBy(() -> RedisServers.of(2).firstPort(firstPort).start())
                    .isInstanceOf(BindException.class)
                    .hasMessage("127.0.0.1:" + secondPort + " is already in use");
            assertThat(ProcessHandle.current().children().filter(ProcessHandle::isAlive)
                    .map(child -> child.info().command().orElse("")))
                    .withFailMessage("a redis-server was left running after the start failed")
                    .noneMatch(command -> command.contains("redis-server"));
        }
    }

    @Test
    @DisplayName("refuses a count of servers it will not start, showing the count")
    void refusesAWrongCount() {
        assertThatThrownBy(() -> RedisServers.of(0)).hasMessage("start 1 to 9 Redis servers, not 0");
        assertThatThrownBy(() -> RedisServers.of(10)).hasMessage("start 1 to 9 Redis servers, not 10");
    }

    /**
     * A port the kernel chose, held open, whose neighbour below was free a moment ago: the first server's port must be
     * free for the second one to be the failure. Other test JVMs take ports too, so it asks the kernel a few times.
     */
    private static ServerSocket portWithAFreeOneBelow() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
            if (isFree(taken.getLocalPort() - 1)) {
                return taken;
            }
            taken.close();
        }
        throw new IllegalStateException("100 ports the kernel chose each had a taken port just below; nothing to test");
    }

    private static boolean isFree(int port) {
        try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
