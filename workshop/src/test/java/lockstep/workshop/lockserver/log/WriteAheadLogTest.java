package lockstep.workshop.lockserver.log;

import lockstep.workshop.grading.Timing;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.lockserver.table.Lease;
import lockstep.workshop.lockserver.table.LogRecord;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The write-ahead log")
class WriteAheadLogTest {

    @TempDir
    Path folder;

    @Test
    @DisplayName("shares one fsync among concurrent writers (group commit), and every record is read back")
    void groupCommit() throws Exception {
        int writers = 16;
        int recordsEach = 50;
        WriteAheadLog log = WriteAheadLog.create(folder, 1, new LogRecord.Checkpoint(0, List.of()), 1L << 30);
        DurableSignal durable = new DurableSignal(log);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CyclicBarrier start = new CyclicBarrier(writers);
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < recordsEach; i++) {
                        long token = (long) writer * recordsEach + i + 1;
                        long position;
                        // The lock table appends under its own lock; do the same, so order equals token order.
                        synchronized (log) {
                            position = log.append(new LogRecord.Granted(new Lease("r-" + token, "w" + writer,
                                    token, "0".repeat(32), Lease.NEVER)));
                        }
                        durable.awaitPosition(position);
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
            log.close();
        }

        int records = writers * recordsEach;
        assertThat(log.forces()).withFailMessage("%d records took %d fsyncs; group commit should share them",
                records, log.forces()).isLessThan(records);
        LogRecovery.Recovered recovered = LogRecovery.recover(folder);
        assertThat(recovered.leases()).hasSize(records);
        assertThat(recovered.lastFencingToken()).isEqualTo(records);
    }

    @Test
    @DisplayName("refuses appends after close, so nothing is acknowledged that was not written")
    void refusesAfterClose() throws IOException {
        WriteAheadLog log = WriteAheadLog.create(folder, 1, new LogRecord.Checkpoint(0, List.of()), 1L << 30);
        log.close();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> log.append(new LogRecord.Released("r", 1)))
                .hasMessageContaining("shutting down");
        assertThat(LogRecovery.recover(folder).leases()).isEqualTo(Map.of());
    }

    /** Wakes writers after each group commit, as the server's wire is woken, until their record is on disk. */
    private static final class DurableSignal {

        private final WriteAheadLog log;

        DurableSignal(WriteAheadLog log) {
            this.log = log;
            log.afterEachForce(this::forced);
        }

        synchronized void awaitPosition(long position) throws InterruptedException {
            long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
            while (log.durablePosition() < position) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || log.hasFailed()) {
                    throw new AssertionError("record " + position + " was not on disk within "
                            + Timing.forPromptEvent().toMillis() + " ms; durable up to " + log.durablePosition());
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        private synchronized void forced() {
            notifyAll();
        }
    }
}
