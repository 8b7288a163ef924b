package lockstep.workshop.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import lockstep.workshop.grading.GraderZooKeeper;
import lockstep.workshop.grading.Timing;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

@DisplayName("Measuring the herd of a lock")
class HerdMeasurementTest {

    @RegisterExtension
    static final GraderZooKeeper zooKeeper = GraderZooKeeper.leavingTheTreeAlone();


    @Test
    @DisplayName("the sequential-znode recipe (Curator's mutex) sends exactly one notification per handoff")
    void sequentialRecipeWakesOne() throws Exception {
        HerdMeasurement.Result result = HerdMeasurement.measure(zooKeeper.connectString(), 8, 60,
                CuratorContender::connect, Timing.forChildJvm(), Timing.forPromptEvent());

        assertThat(result.herd().perHandoff())
                .withFailMessage("the sequential recipe woke %s clients per handoff, expected exactly 1", result.herd())
                .isBetween(0.95, 1.05);
        assertThat(result.herd().handoffs()).isGreaterThanOrEqualTo(59);
    }

    @Test
    @DisplayName("a contender that fails ends the measurement with its reason")
    void aFailingContenderEndsTheMeasurement() {
        assertThatThrownBy(() -> HerdMeasurement.measure(zooKeeper.connectString(), 2, 10,
                (connectString, name) -> new BrokenContender(), Timing.forPromptEvent(), Timing.forPromptEvent()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("a contender failed")
                .hasMessageContaining("NoAuth");
    }

    /** A contender for Curator's lock, which queues sequential znodes and watches its predecessor. */
    private record CuratorContender(CuratorFramework curator, InterProcessMutex mutex)
            implements HerdMeasurement.Contender {

        static CuratorContender connect(String connectString, String name) {
            CuratorFramework curator = ZooKeeperConnections.curator(connectString, Duration.ofSeconds(10));
            return new CuratorContender(curator, new InterProcessMutex(curator, "/lockstep/herd-test"));
        }

        @Override
        public void acquire() throws KeeperException, InterruptedException {
            try {
                mutex.acquire();
            } catch (KeeperException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                // Curator declares 'throws Exception'; nothing else is expected from a connected client.
                throw new IllegalStateException("Curator could not acquire its mutex", e);
            }
        }

        @Override
        public void release() throws KeeperException, InterruptedException {
            try {
                mutex.release();
            } catch (KeeperException | InterruptedException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException("Curator could not release its mutex", e);
            }
        }

        @Override
        public void close() {
            curator.close();
        }
    }

    /** A contender whose every acquire is refused. */
    private static final class BrokenContender implements HerdMeasurement.Contender {

        @Override
        public void acquire() throws KeeperException {
            throw new KeeperException.NoAuthException();
        }

        @Override
        public void release() {
        }

        @Override
        public void close() {
        }
    }
}
