package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Reading a server's answer to srvr")
class ServerStatusTest {

    private static final InetSocketAddress SERVER = InetSocketAddress.createUnresolved("127.0.0.1", 2181);

    @Test
    @DisplayName("finds the mode and the znode count of a serving server")
    void readsAServingServer() {
        String answer = """
                Zookeeper version: 3.9.3-c26634f34490bb0ea7a09cc51e05ede3b4e320ee, built on 2024-10-17 23:21 UTC
                Latency min/avg/max: 0/0.5/3
                Received: 12
                Sent: 11
                Connections: 1
                Outstanding: 0
                Zxid: 0x100000004
                Mode: follower
                Node count: 7
                """;

        ServerStatus status = ServerStatus.parse(SERVER, answer);

        assertThat(status.mode()).isEqualTo(ServerMode.FOLLOWER);
        assertThat(status.nodeCount()).isEqualTo(7);
        assertThat(status.isServing()).isTrue();
        assertThat(status.hostAndPort()).isEqualTo("127.0.0.1:2181");
    }

    @Test
    @DisplayName("recognises a member without a quorum")
    void readsAMemberWithoutQuorum() {
        ServerStatus status = ServerStatus.parse(SERVER, "This ZooKeeper instance is not currently serving requests\n");

        assertThat(status.mode()).isEqualTo(ServerMode.NOT_SERVING);
        assertThat(status.isServing()).isFalse();
    }

    @Test
    @DisplayName("says the mode is unknown when srvr is not on the server's whitelist")
    void readsARefusal() {
        ServerStatus status = ServerStatus.parse(SERVER, "srvr is not executed because it is not in the whitelist.\n");

        assertThat(status.mode()).isEqualTo(ServerMode.UNKNOWN);
        assertThat(status.mode().describe()).isEqualTo("answering (mode unknown)");
    }
}
