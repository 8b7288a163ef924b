package lockstep.workshop.race;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.testlabs.CuratorTestLocks;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.EnsembleOfThree;
import lockstep.workshop.zookeeper.LockHolder;
import lockstep.workshop.zookeeper.ServerMode;
import lockstep.workshop.zookeeper.ServerStatus;
import org.apache.zookeeper.ZooKeeper;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("A fault of the lock service, struck on the race's own ensemble")
class LockServiceFaultTest {

    private static final int BUYERS = 200;
    private static final int NODES = 4;

    @RegisterExtension
    static final EnsembleOfThree ENSEMBLE = new EnsembleOfThree();

    @Test
    @DisplayName("stops the leader while the holder waits, lets it go on once its session is back, and the race"
            + " leaves the ensemble whole")
    void stopsTheLeader() throws Exception {
        int leaderBefore = ENSEMBLE.get().leader();
        List<FaultReport> struck = new CopyOnWriteArrayList<>();

        RaceResult result = race(CuratorTestLocks.RidesThrough.class, Fault.stopLeaderAt("seat-checked").losingAtMost(1),
                struck);

        assertThat(result.fault().fired()).as(result.fault().toString()).isTrue();
        assertThat(result.fault().landing()).contains("member " + leaderBefore, "the leader", "stopped", " led ",
                "was connected again");
        assertThat(result.setup().processes()).as("a fault of the lock service leaves the nodes threads").isFalse();
        assertThat(result.verdict().correct()).as(result.verdict() + " " + result.audit().failureReasons()).isTrue();
        assertThat(result.audit().failed()).isLessThanOrEqualTo(1);
        assertThat(struck).as("the listener hears once, as soon as the servers stopped").hasSize(1);
        assertThat(struck.get(0).landing()).contains("the leader").doesNotContain(" led ");
        assertThat(ENSEMBLE.get().status()).as("every member serves again after the race")
                .allMatch(ServerStatus::isServing);
    }

    @Test
    @DisplayName("stops the leader under a lock that gives up at SUSPENDED: every waiter that heard it is lost, and the"
            + " race says LOST with the number")
    void stopsTheLeaderUnderALockThatGivesUp() throws Exception {
        RaceResult result = race(CuratorTestLocks.GivesUpWhenSuspended.class,
                Fault.stopLeaderAt("seat-checked").losingAtMost(1), new CopyOnWriteArrayList<>());

        assertThat(result.fault().fired()).as(result.fault().toString()).isTrue();
        assertThat(result.audit().oversold()).isZero();
        assertThat(result.audit().failed()).as("the holder and the waiters behind it").isGreaterThan(1);
        assertThat(result.verdict().label()).as(result.verdict().toString()).isEqualTo("LOST");
        assertThat(result.verdict().sentence()).contains(result.audit().failed() + " of " + BUYERS
                + " buyers were told 'failed'", "at most 1");
    }

    @Test
    @DisplayName("stops a follower under the holder: the one its session is on when that is a follower, and says which")
    void stopsAFollower() throws Exception {
        RaceResult result = race(CuratorTestLocks.RidesThrough.class, Fault.stopFollowerAt("seat-checked").losingAtMost(1),
                new CopyOnWriteArrayList<>());

        assertThat(result.fault().fired()).as(result.fault().toString()).isTrue();
        assertThat(result.fault().landing()).contains("a follower", "stopped").containsAnyOf(
                "the one session", "not the one session");
        assertThat(result.verdict().correct()).as(result.verdict() + " " + result.audit().failureReasons()).isTrue();
    }

    @Test
    @DisplayName("stops two of three for longer than a session: nobody serves meanwhile, both come back, and a lock"
            + " that rides through loses only the holder whose session ended")
    void stopsTheQuorum() throws Exception {
        Duration outage = CuratorTestLocks.SESSION.multipliedBy(2);

        RaceResult result = race(CuratorTestLocks.RidesThrough.class,
                Fault.stopQuorumAt("lock-granted", outage).losingAtMost(1), new CopyOnWriteArrayList<>());

        assertThat(result.fault().fired()).as(result.fault().toString()).isTrue();
        assertThat(result.fault().landing()).contains("(the leader)", "serve nobody", "for " + outage.toMillis()
                + " ms", "served again");
        assertThat(result.verdict().correct()).as(result.verdict() + " " + result.audit().failureReasons()).isTrue();
        assertThat(result.durationMs()).as("the race waited out the outage").isGreaterThanOrEqualTo(outage.toMillis());
        try (ZooKeeper observer = CuratorTestLocks.observer(ENSEMBLE.get().connectString())) {
            assertThat(LockHolder.of(observer, CuratorTestLocks.LAB.lockName("A1")))
                    .as("no lock node left behind").isEmpty();
        }
        assertThat(ENSEMBLE.get().status()).extracting(ServerStatus::mode).contains(ServerMode.LEADER);
    }

    @Test
    @DisplayName("needs an ensemble that the race owns, and says how to give it one")
    void needsAnEnsemble() {
        RaceSetup withoutEnsemble = RaceSetup.of(CuratorTestLocks.code(CuratorTestLocks.RidesThrough.class))
                .buyers(10).nodes(1).services(new Services(ENSEMBLE.get().connectString(), null))
                .fault(Fault.stopLeaderAt("seat-checked"));

        assertThatThrownBy(() -> Race.run(withoutEnsemble)).isInstanceOf(RaceException.class)
                .hasMessageContaining("leave out --zk");
    }

    private static RaceResult race(Class<? extends lockstep.workshop.lab.LabBooking> seam, Fault fault,
            List<FaultReport> struck) throws Exception {
        Implementation code = CuratorTestLocks.code(seam);
        RaceListener listener = new RaceListener() {
            @Override
            public void faultStruck(FaultReport report) {
                struck.add(report);
            }
        };
        EmbeddedZooKeeper ensemble = ENSEMBLE.get();
        return Race.run(RaceSetup.of(code).buyers(BUYERS).nodes(NODES).seats(1)
                .services(new Services(ensemble.connectString(), null)).ensemble(ensemble).fault(fault), listener);
    }
}
