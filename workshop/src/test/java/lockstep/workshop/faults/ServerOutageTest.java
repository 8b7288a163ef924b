package lockstep.workshop.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.zookeeper.EnsembleOfThree;
import lockstep.workshop.zookeeper.ServerStatus;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Stopping a server of a three-member ensemble")
class ServerOutageTest {

    @RegisterExtension
    static final EnsembleOfThree ENSEMBLE = new EnsembleOfThree();

    private CuratorFramework holder;
    private CuratorFramework rival;
    private final BlockingQueue<ConnectionState> holderStates = new LinkedBlockingQueue<>();

    @BeforeEach
    void connectClients() {
        holder = ZooKeeperConnections.curator(ENSEMBLE.get().connectString(), Timing.survivingSession());
        holder.getConnectionStateListenable().addListener((client, state) -> {
            // Curator may deliver its first CONNECTED after we listen; only what follows matters.
            if (state != ConnectionState.CONNECTED) {
                holderStates.add(state);
            }
        });
        rival = ZooKeeperConnections.curator(ENSEMBLE.get().connectString(), Timing.survivingSession());
    }

    @AfterEach
    void closeClientsAndRestartServers() throws IOException {
        holder.close();
        rival.close();
        ServerOutage.restartStopped(ENSEMBLE.get());
    }

    @Test
    @DisplayName("the server a lock holder is connected to: the holder reconnects elsewhere, keeping its session and its lock")
    void holderKeepsItsLockWhenItsServerStops() throws Exception {
        InterProcessMutex lock = new InterProcessMutex(holder, "/lockstep/outage/seat-1");
        lock.acquire();
        long sessionId = holder.getZookeeperClient().getZooKeeper().getSessionId();
        OptionalInt itsServer = ENSEMBLE.get().memberConnectedTo(sessionId);
        assertThat(itsServer).isPresent();

        ServerOutage.stop(ENSEMBLE.get(), itsServer.getAsInt());

        assertThat(nextHolderState()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(nextHolderState()).isEqualTo(ConnectionState.RECONNECTED);
        assertHolderKeeps(lock, sessionId, "/lockstep/outage/seat-1");
        assertThat(ENSEMBLE.get().memberConnectedTo(sessionId)).isPresent().isNotEqualTo(itsServer);
    }

    @Test
    @DisplayName("the leader: the others elect a new one, and the holder keeps its session and its lock")
    void holderKeepsItsLockWhenTheLeaderStops() throws Exception {
        InterProcessMutex lock = new InterProcessMutex(holder, "/lockstep/outage/seat-2");
        lock.acquire();
        long sessionId = holder.getZookeeperClient().getZooKeeper().getSessionId();
        int oldLeader = ENSEMBLE.get().leader();

        ServerOutage.stopLeader(ENSEMBLE.get());

        assertThat(ENSEMBLE.get().isRunning(oldLeader)).isFalse();
        assertThat(ENSEMBLE.get().leader()).isNotEqualTo(oldLeader);
        // Followers drop their clients while they elect, so every client goes through SUSPENDED.
        assertThat(nextHolderState()).isEqualTo(ConnectionState.SUSPENDED);
        assertThat(nextHolderState()).isEqualTo(ConnectionState.RECONNECTED);
        assertHolderKeeps(lock, sessionId, "/lockstep/outage/seat-2");
    }

    @Test
    @DisplayName("a follower under a session: the one the session is on when that is a follower, and the session comes"
            + " back on another member")
    void followerUnderASession() throws Exception {
        long sessionId = holder.getZookeeperClient().getZooKeeper().getSessionId();
        int itsMember = ENSEMBLE.get().memberConnectedTo(sessionId).orElseThrow();
        int leader = ENSEMBLE.get().leader();

        FaultEvent stop = ServerOutage.stopFollowerUnder(ENSEMBLE.get(), sessionId);

        int stopped = stoppedMember();
        assertThat(stopped).isNotEqualTo(leader);
        if (itsMember != leader) {
            assertThat(stopped).isEqualTo(itsMember);
            assertThat(stop.target()).contains("a follower, the one session 0x" + Long.toHexString(sessionId));
            OptionalInt back = ServerOutage.awaitSessionConnected(ENSEMBLE.get(), sessionId, Timing.forPromptEvent());
            assertThat(back).isPresent().isNotEqualTo(OptionalInt.of(stopped));
        } else {
            assertThat(stop.target()).contains("not the one session", "it was on the leader");
        }
    }

    @Test
    @DisplayName("the quorum: the member left serves nobody, and sessions go quiet, until the others start again")
    void quorumStopsAndComesBack() throws Exception {
        int leader = ENSEMBLE.get().leader();

        FaultEvent stop = ServerOutage.stopQuorum(ENSEMBLE.get());

        assertThat(ENSEMBLE.get().isRunning(leader)).isFalse();
        assertThat(ENSEMBLE.get().status()).noneMatch(ServerStatus::isServing);
        assertThat(stop.target()).contains("(the leader)", "serve nobody");
        assertThat(nextHolderState()).isEqualTo(ConnectionState.SUSPENDED);

        ServerOutage.restartStopped(ENSEMBLE.get());

        assertThat(ENSEMBLE.get().status()).allMatch(ServerStatus::isServing);
        assertThat(nextHolderState()).isEqualTo(ConnectionState.RECONNECTED);
    }

    @Test
    @DisplayName("a restarted member rejoins and serves again")
    void restartedMemberRejoins() throws Exception {
        ServerOutage.stop(ENSEMBLE.get(), 0);
        assertThat(ENSEMBLE.get().status().get(0).isServing()).isFalse();

        ServerOutage.restart(ENSEMBLE.get(), 0);

        assertThat(ENSEMBLE.get().status()).allMatch(ServerStatus::isServing);
    }

    private void assertHolderKeeps(InterProcessMutex lock, long sessionId, String lockPath) throws Exception {
        assertThat(holder.getZookeeperClient().getZooKeeper().getSessionId())
                .withFailMessage("the holder got a new session: the outage cost it its old one")
                .isEqualTo(sessionId);
        assertThat(lock.isAcquiredInThisProcess()).isTrue();
        assertThat(holder.getChildren().forPath(lockPath))
                .withFailMessage("the holder's lock znode is gone after the outage")
                .hasSize(1);
        InterProcessMutex rivalLock = new InterProcessMutex(rival, lockPath);
        assertThat(rivalLock.acquire(200, TimeUnit.MILLISECONDS))
                .withFailMessage("a rival got the lock while the holder still held it")
                .isFalse();
    }

    private static int stoppedMember() {
        for (int member = 0; member < ENSEMBLE.get().size(); member++) {
            if (!ENSEMBLE.get().isRunning(member)) {
                return member;
            }
        }
        throw new AssertionError("no member was stopped");
    }

    private ConnectionState nextHolderState() throws InterruptedException {
        ConnectionState next = holderStates.poll(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        assertThat(next).withFailMessage("the holder reported no further connection state").isNotNull();
        return next;
    }
}
