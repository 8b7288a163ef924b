package lockstep.lab06;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.grading.Timing;

/**
 * Alice's check paused in the middle, and Bob's newer write sent meanwhile, in an order fixed by latches:
 *
 * <ol>
 *   <li>Alice (token 7) sends her confirmation of A1. Her fence runs, and she stops at the chosen point: right after
 *       the first SQL statement her fence sends (between whatever it read and whatever it writes next), or right
 *       after her fence said yes, before the seat database applies her write.</li>
 *   <li>Bob (token 8, a newer grant) sends his confirmation of A1. It either finishes, or waits for something Alice's
 *       unfinished transaction holds (a row lock); the grader waits for one or the other.</li>
 *   <li>Alice goes on; both finish.</li>
 * </ol>
 *
 * <p>If deciding and writing are one step, Bob waited for Alice, and the seat database took 7 and then 8. If a pause
 * can split them, Bob finished first and the database then took Alice's 7 after Bob's 8: a stale write accepted.
 */
final class SplitCheck {

    static final Buyer ALICE = new Buyer("Alice", "A1");
    static final Buyer BOB = new Buyer("Bob", "A1");

    /** Where Alice stops. */
    enum Point {
        /** Right after the first statement her fence sends. */
        AFTER_THE_FIRST_STATEMENT("right after the first SQL statement her check sent"),
        /** Right after her fence said yes, before her write is applied. */
        AFTER_THE_ANSWER("right after her check said yes, before her write was applied");

        final String words;

        Point(String words) {
            this.words = words;
        }
    }

    /**
     * What happened.
     *
     * @param stopped     whether Alice reached the point (a fence that sends no statement never does)
     * @param bobWaited   whether Bob's write waited for Alice's transaction (rather than finishing while she stood)
     * @param audit       what the seat database says afterwards
     */
    record Outcome(boolean stopped, boolean bobWaited, AuditReport audit) {
    }

    private SplitCheck() {
    }

    static Outcome run(Fence fence, Point point) throws Exception {
        // A thread each: the common pool may have one thread only, and Alice's stands still.
        ExecutorService writers = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "split-check-writer");
            thread.setDaemon(true);
            return thread;
        });
        try (Resources resources = Resources.open(fence, 1)) {
            TicketCounter alpha = resources.counter("Alpha");
            TicketCounter beta = resources.counter("Beta");
            Stop stop = new Stop();
            Fence stopping = point == Point.AFTER_THE_ANSWER ? stop.afterTheAnswer(fence) : stop.afterTheFirstStatement(fence);
            CompletableFuture<Boolean> alice = CompletableFuture.supplyAsync(() -> confirm(alpha, ALICE, 7, stopping),
                    writers);
            boolean stopped = stop.reached.await(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
            boolean bobWaited = false;
            CompletableFuture<Boolean> bob = null;
            try {
                if (stopped) {
                    bob = CompletableFuture.supplyAsync(() -> confirm(beta, BOB, 8, fence), writers);
                    bobWaited = awaitDoneOrWaiting(bob, resources);
                }
            } finally {
                stop.goOn.countDown();
            }
            alice.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
            if (bob != null) {
                bob.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
            }
            return new Outcome(stopped, bobWaited, resources.audit());
        } finally {
            writers.shutdownNow();
        }
    }

    /** Waits until Bob's write has finished (false) or waits for a lock someone else holds (true). */
    private static boolean awaitDoneOrWaiting(CompletableFuture<Boolean> bob, Resources resources) throws Exception {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (!bob.isDone()) {
            if (resources.database().someoneWaitsForALock()) {
                return true;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Bob's write neither finished nor waited for a lock within "
                        + Timing.forPromptEvent().toSeconds() + " s while Alice stood still");
            }
            Thread.sleep(2); // looking again at an observable state, not waiting for luck
        }
        bob.join();
        return false;
    }

    private static boolean confirm(TicketCounter counter, Buyer holder, long token, Fence fence) {
        try {
            return counter.confirm(holder, Resources.pass(holder, token), fence);
        } catch (SQLException e) {
            throw new IllegalStateException(holder.id() + "'s confirmation failed: " + e.getMessage(), e);
        }
    }

    /** Where Alice stands until the check lets her go on: reached once, on her thread only. */
    private static final class Stop {

        final CountDownLatch reached = new CountDownLatch(1);
        final CountDownLatch goOn = new CountDownLatch(1);

        /** The fence, and then Alice stands before her answer returns to the seat database. */
        Fence afterTheAnswer(Fence fence) {
            return (resource, write) -> {
                boolean admitted = fence.admits(resource, write);
                stand();
                return admitted;
            };
        }

        /** The fence on a connection that makes Alice stand after the first statement it executes. */
        Fence afterTheFirstStatement(Fence fence) {
            return (resource, write) -> fence.admits(standingAfterTheFirstStatement(resource), write);
        }

        private void stand() {
            if (reached.getCount() == 0) {
                return;
            }
            reached.countDown();
            try {
                goOn.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** {@code connection}, whose statements make Alice stand once one of them has been executed. */
        private Connection standingAfterTheFirstStatement(Connection connection) {
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        Object result = call(method, connection, args);
                        return result instanceof Statement statement ? standingAfterExecution(statement) : result;
                    });
        }

        private Object standingAfterExecution(Statement statement) {
            Class<?> type = statement instanceof java.sql.CallableStatement ? java.sql.CallableStatement.class
                    : statement instanceof java.sql.PreparedStatement ? java.sql.PreparedStatement.class : Statement.class;
            return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
                Object result = call(method, statement, args);
                if (method.getName().startsWith("execute")) {
                    stand();
                }
                return result;
            });
        }

        private static Object call(Method method, Object target, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }
}
