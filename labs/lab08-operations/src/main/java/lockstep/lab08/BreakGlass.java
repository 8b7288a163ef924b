package lockstep.lab08;

import java.sql.Connection;
import java.sql.SQLException;
import org.apache.curator.framework.CuratorFramework;

/**
 * The operator's break-glass: it reopens a seat whose lock is held by a job that hangs, alive, so that its session
 * never ends. This is the second file you work on.
 *
 * <p>What it must guarantee when you are done: it never waits on the seat's lock (the job will never let go); once it
 * returns, the stuck holder's writes are refused by both fenced resources, and every later holder's are taken; the
 * next buyer in line holds the lock; it works, all but the last step, when ZooKeeper does not answer at all; and it
 * leaves a record of who broke the glass, when and why.
 *
 * <p>The seat database's table {@code fence(resource, seat, token, holder)} is Lab 06's: for each resource
 * ({@code seats}, {@code payments}) and seat, the highest token it has taken and whose it was. The table
 * {@code glass_broken(seat, operator, reason, token, broken_at)} is the break-glass's log; {@code broken_at} is
 * {@link System#currentTimeMillis()}.
 */
public final class BreakGlass {

    private BreakGlass() {
    }

    /** Reopens {@code seat}. See {@link Lab08#breakGlass}. */
    public static Reopening reopen(Connection seatDatabase, CuratorFramework zooKeeper, String lockFolder, String seat,
            String operator, String reason) throws SQLException, InterruptedException {
        // TODO(lab08): Task 3. Nothing happens: the job keeps the lock, the buyers behind it wait, and when the job
        //  wakes its writes are taken. What must hold: never wait on the seat's lock. Move both fences of the seat
        //  onto the newest token there is, as a holder nobody else is, so that the job's token is refused and every
        //  later grant's is taken; the newest token may be the one of the lock node at the head of the seat's queue,
        //  a holder that has not written yet. Record who, why and when in the same transaction. Then remove that
        //  lock node: the next waiter watches it.
        // TODO(lab08): Task 4. What must also hold with ZooKeeper down: wait for it a second at most, fence with what
        //  the seat database knows, and say that the queue is not free yet; run again, it finishes the job.
        return new Reopening(seat, 0, false);
    }
}
