package lockstep.workshop.grading;

import java.time.Duration;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.HerdMeasurement;

/**
 * One contender in a herd measurement of a lock lab's lock: a connection of its own, opened as the
 * lab's nodes open theirs, and a new lock of the lab's per turn, every turn on the lock of the seat
 * called {@code herd} ({@code /lockstep/locks/herd} in Lab 03).
 *
 * @param <C> the lab's connection type
 */
public final class HerdContender<C extends AutoCloseable> implements HerdMeasurement.Contender {

    /** The seat whose lock every contender takes turns on. */
    private static final String SEAT = "herd";

    /** Hears each turn as it starts and ends, on the contender's thread (a benchmark times the handoffs). */
    public interface Turns {

        /** This contender's acquire() has just returned: it holds the lock. */
        void granted();

        /** This contender is about to call release(). */
        void releasing();

        /** Hears nothing. */
        Turns NONE = new Turns() {
            @Override
            public void granted() {
            }

            @Override
            public void releasing() {
            }
        };
    }

    private final LockSeam<C> seam;
    private final C connection;
    private final String name;
    private final Duration maxWait;
    private final Turns turns;
    private DistributedLock lock;

    private HerdContender(LockSeam<C> seam, C connection, String name, Duration maxWait, Turns turns) {
        this.seam = seam;
        this.connection = connection;
        this.name = name;
        this.maxWait = maxWait;
        this.turns = turns;
    }

    /** Contenders whose locks come from {@code seam}, each waiting at most {@code maxWait} for its turn. */
    public static <C extends AutoCloseable> HerdMeasurement.Contenders connecting(LockSeam<C> seam, Duration maxWait) {
        return connecting(seam, maxWait, Turns.NONE);
    }

    /** The same, each telling {@code turns} when it gets the lock and when it lets go. */
    public static <C extends AutoCloseable> HerdMeasurement.Contenders connecting(LockSeam<C> seam, Duration maxWait,
            Turns turns) {
        return (connectString, name) -> {
            try {
                return new HerdContender<>(seam, seam.connect(name, new Services(connectString, null)), name, maxWait,
                        turns);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(name + " was interrupted while it opened its connection", e);
            } catch (Exception e) {
                throw new IllegalStateException(name + " could not open its connection: " + e, e);
            }
        };
    }

    @Override
    public void acquire() throws Exception {
        lock = seam.lock(connection, name, "turns", SEAT);
        if (!lock.acquire(maxWait)) {
            throw new IllegalStateException(name + "'s acquire() said it did not get the lock within "
                    + maxWait.toSeconds() + " s");
        }
        turns.granted();
    }

    @Override
    public void release() throws Exception {
        turns.releasing();
        lock.release();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // Safe to ignore: the measurement is over, and a connection that does not close ends with the JVM.
        }
    }
}
