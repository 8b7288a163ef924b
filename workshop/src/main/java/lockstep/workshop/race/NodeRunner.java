package lockstep.workshop.race;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import lockstep.workshop.booking.Answer;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.lab.BookingNode;
import lockstep.workshop.lab.LabBooking;
import lockstep.workshop.lab.NodeContext;

/**
 * One node of a race: the lab's booking node and its counters, each counter a thread with its own
 * box office, serving the node's buyers from one queue. The same class runs a node inside the
 * race's JVM and inside a node process.
 */
final class NodeRunner implements AutoCloseable {

    private final NodeContext context;
    private final Queue<Buyer> waiting;
    private final SeatDatabase database;
    private final PaymentProvider payments;
    private final int counterCount;
    private final AnswerSink sink;
    private final List<TicketCounter> counters = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    /** Which counter thread serves which buyer right now, so a stalled race can say where a buyer waits. */
    private final java.util.Map<String, Thread> serving = new java.util.concurrent.ConcurrentHashMap<>();
    private BookingNode node;
    private volatile boolean abandoned;

    NodeRunner(NodeContext context, List<Buyer> buyers, SeatDatabase database, PaymentProvider payments,
               int counters, AnswerSink sink) {
        this.context = context;
        this.waiting = new ConcurrentLinkedQueue<>(buyers);
        this.database = database;
        this.payments = payments;
        this.counterCount = countersFor(buyers.size(), counters);
        this.sink = sink;
    }

    /** How many counters a node with {@code buyers} buyers opens when {@code wanted} were asked for. */
    static int countersFor(int buyers, int wanted) {
        return Math.max(1, Math.min(wanted, buyers));
    }

    /** How many counters this node opens; each tells the barrier once when ready. */
    int counters() {
        return counterCount;
    }

    /** Opens the lab's node and every counter's connections; each ready counter tells the barrier. */
    void open(LabBooking lab, StartBarrier barrier) throws Exception {
        node = lab.openNode(context);
        for (int i = 0; i < counterCount; i++) {
            counters.add(new TicketCounter(context.name(), database, payments, context.steps()));
            barrier.ready();
        }
    }

    /** Starts the counters; each waits for the barrier's go, then serves buyers until none wait. */
    void start(StartBarrier barrier) {
        for (int i = 0; i < counters.size(); i++) {
            TicketCounter office = counters.get(i);
            Thread counter = new Thread(() -> serve(office, barrier), context.name() + "-counter-" + (i + 1));
            // A counter stuck in code that never returns must not keep the JVM alive after the race gave up on it.
            counter.setDaemon(true);
            threads.add(counter);
            counter.start();
        }
    }

    /** Waits until every buyer of this node has an answer. */
    void awaitDone() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join();
        }
    }

    /** Waits until every buyer of this node has an answer, or until {@code deadline}; true if they all have. */
    boolean awaitDone(long deadline) throws InterruptedException {
        for (Thread thread : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return !thread.isAlive() && threads.stream().noneMatch(Thread::isAlive);
            }
            thread.join(Math.max(1, left / 1_000_000));
            if (thread.isAlive()) {
                return false;
            }
        }
        return true;
    }

    /** Interrupts every counter: the race has given up waiting for them. */
    void interruptCounters() {
        abandoned = true;
        threads.forEach(Thread::interrupt);
    }

    /** The counter thread serving {@code buyer} now, or null. */
    Thread threadServing(String buyer) {
        return serving.get(buyer);
    }

    @Override
    public void close() throws Exception {
        Exception failure = null;
        for (TicketCounter office : counters) {
            try {
                office.close();
            } catch (Exception e) {
                failure = addTo(failure, e);
            }
        }
        if (node != null) {
            try {
                node.close();
            } catch (Exception e) {
                failure = addTo(failure, e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void serve(TicketCounter office, StartBarrier barrier) {
        try {
            barrier.awaitGo();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        for (Buyer buyer = waiting.poll(); buyer != null && !Thread.currentThread().isInterrupted();
             buyer = waiting.poll()) {
            serving.put(buyer.id(), Thread.currentThread());
            Answer answer = office.buy(node, buyer);
            serving.remove(buyer.id());
            if (abandoned) {
                return; // the race gave up on this node's buyers; it records nothing more
            }
            try {
                office.recordAnswer(buyer, answer);
            } catch (Exception e) {
                System.err.println(context.name() + ": could not record the answer of " + buyer.id() + ": " + e);
            }
            sink.answered(buyer.id(), answer.kind());
        }
    }

    private static Exception addTo(Exception first, Exception next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }
}
