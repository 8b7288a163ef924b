package lockstep.lab08;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import lockstep.workshop.ScratchFolders;
import lockstep.workshop.booking.Audit;
import lockstep.workshop.booking.AuditReport;
import lockstep.workshop.booking.Buyer;
import lockstep.workshop.booking.Fence;
import lockstep.workshop.booking.PaymentProvider;
import lockstep.workshop.booking.SeatDatabase;
import lockstep.workshop.booking.StepListener;
import lockstep.workshop.booking.TicketCounter;
import lockstep.workshop.booking.WritePass;
import lockstep.workshop.grading.LockSeam;
import lockstep.workshop.grading.Timing;
import lockstep.workshop.lab.Implementation;
import lockstep.workshop.lab.Services;
import lockstep.workshop.lock.DistributedLock;
import lockstep.workshop.zookeeper.EmbeddedZooKeeper;
import lockstep.workshop.zookeeper.ZooKeeperConnections;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.data.Stat;

/**
 * The incident of part two, staged step by step: a job that redraws the seat map takes A1's lock through the lab's own
 * lock, shows its token to the seat database (or not), and hangs on a latch, its thread stuck, its session alive. Bob,
 * a buyer, queues behind it. The operator breaks the glass. Then the job wakes and sends its late write, a map that
 * says A1 is free, and Bob, once granted, pays and confirms. Every step waits for the one before it to be seen, so
 * the order is the same in every run: Bob's lock node is made right after the job's, so his token is the job's plus
 * one. A standalone ZooKeeper of its own (stopped and started again for part four) and a private seat database.
 */
final class HungJob implements AutoCloseable {

    static final String SEAT = "A1";
    static final Buyer JOB = new Buyer("seat-map-job", SEAT);
    static final Buyer BOB = new Buyer("Bob", SEAT);
    static final String OPERATOR = "alice";
    static final String REASON = "the seat-map job hangs holding A1; sales must reopen";

    /** What the operator's break-glass did: its answer, or that it did not return in time, and the queue's changes. */
    record Repair(Reopening reopening, boolean returned, Throwable failure, int queueChanges, long startedAtMillis,
            long endedAtMillis) {

        long tookMillis() {
            return endedAtMillis - startedAtMillis;
        }
    }

    /**
     * What the break-glass did first while the check held A1's fence rows, so that no fence could move: waited for
     * those rows (it fences first), removed the job's lock node (it frees the queue first), or neither before it
     * returned or the check stopped looking.
     */
    enum FirstStep { FENCE, QUEUE, NEITHER }

    /** A break-glass run with A1's fence rows held at its start: its first step, and the whole repair. */
    record OrderedRepair(FirstStep firstStep, Repair repair) {
    }

    /** Bob's grant: whether he got A1's lock in time, and his token. */
    record Grant(boolean granted, OptionalLong token) {
    }

    /** Bob's sale: whether the payment provider took his charge and the seat database his confirmation. */
    record Sale(boolean charged, boolean confirmed) {
    }

    private final Implementation code;
    private final EmbeddedZooKeeper zooKeeper;
    private final Path folder;
    private final SeatDatabase database;
    private final LockSeam<CuratorFramework> seam;
    private final Fence fence;
    private final CuratorFramework jobClient;
    private final CuratorFramework bobClient;
    private final CuratorFramework operatorClient;
    private final CuratorFramework observer;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch jobWakes = new CountDownLatch(1);
    private final CountDownLatch bobGoesOn = new CountDownLatch(1);
    private final CompletableFuture<OptionalLong> jobHangs = new CompletableFuture<>();
    private final CompletableFuture<Boolean> lateWrite = new CompletableFuture<>();
    private final CompletableFuture<Grant> bobsGrant = new CompletableFuture<>();
    private final CompletableFuture<Sale> bobsSale = new CompletableFuture<>();

    private HungJob(Implementation code, EmbeddedZooKeeper zooKeeper, Path folder, SeatDatabase database)
            throws Exception {
        this.code = code;
        this.zooKeeper = zooKeeper;
        this.folder = folder;
        this.database = database;
        this.seam = LockSeam.of(code, CuratorFramework.class);
        this.fence = seam.fence().orElseThrow(() -> new IllegalStateException("Lab 08's seam names no fence"));
        Services services = new Services(zooKeeper.connectString(), null);
        this.observer = ZooKeeperConnections.curator(zooKeeper.connectString(), Timing.survivingSession());
        this.operatorClient = ZooKeeperConnections.curator(zooKeeper.connectString(), Timing.survivingSession());
        this.jobClient = seam.connect("Maps", services);
        this.bobClient = seam.connect("Beta", services);
    }

    /**
     * Starts the incident: the job holds A1's lock and hangs, having shown its token to the seat database if
     * {@code jobWritesFirst}; Bob waits behind it.
     */
    static HungJob start(Implementation code, boolean jobWritesFirst) throws Exception {
        EmbeddedZooKeeper zooKeeper = EmbeddedZooKeeper.standalone().start();
        Path folder = Files.createTempDirectory("lockstep-lab08-incident-");
        HungJob incident;
        try {
            // A session waits for a row lock longer than a check holds A1's fence rows (at most a prompt event's
            // time), so that a break-glass that waits for them is not timed out by H2 (2 s by default) first.
            SeatDatabase database = SeatDatabase.at("jdbc:h2:file:" + folder.resolve("seats").toAbsolutePath()
                    + ";LOCK_TIMEOUT=" + Timing.forPromptEvent().multipliedBy(2).toMillis());
            database.reset(1);
            incident = new HungJob(code, zooKeeper, folder, database);
        } catch (Exception | Error e) {
            zooKeeper.close();
            ScratchFolders.deleteQuietly(folder);
            throw e;
        }
        try {
            incident.jobTakesTheLockAndHangs(jobWritesFirst);
            incident.bobQueues();
            return incident;
        } catch (Exception | Error e) {
            incident.close();
            throw e;
        }
    }

    /** The job's token: the fencing token of its grant. */
    long jobToken() throws Exception {
        return jobHangs.get().orElseThrow();
    }

    /**
     * The operator breaks the glass on A1, with a connection of their own to the seat database and their own
     * ZooKeeper client, and waits for the answer as long as something that should happen at once may take.
     */
    Repair breakGlass() throws Exception {
        return finish(startBreakGlass());
    }

    /**
     * The operator breaks the glass while the check holds A1's fence rows in a transaction of its own, so that no
     * fence can move yet. As soon as the break-glass waits for those rows or has removed the job's lock node, the rows
     * are let go, and it runs to its end.
     */
    OrderedRepair breakGlassWithTheFenceHeld() throws Exception {
        String jobNode = headOfQueue();
        FirstStep firstStep;
        RepairCall call;
        try (Connection check = database.connect()) {
            check.setAutoCommit(false);
            try (var hold = check.prepareStatement("SELECT token FROM fence WHERE seat = ? FOR UPDATE")) {
                hold.setString(1, SEAT);
                hold.executeQuery().close();
            }
            call = startBreakGlass();
            try {
                firstStep = firstStepOf(call, jobNode);
            } finally {
                check.rollback();
            }
        }
        return new OrderedRepair(firstStep, finish(call));
    }

    /**
     * Looks, until the break-glass returns or as long as a prompt step may take, for the first of its two steps. Only
     * the break-glass writes A1's fence now (the job hangs, Bob waits for the lock), so a session waiting for a row
     * lock is the break-glass at its fence. The job's node is read after that is seen: on one server, a read sees
     * every write answered before it, so a removal that came first is seen.
     */
    private FirstStep firstStepOf(RepairCall call, String jobNode) throws Exception {
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (!call.future().isDone() && System.nanoTime() < deadline) {
            if (database.someoneWaitsForALock()) {
                return observer.checkExists().forPath(jobNode) == null ? FirstStep.QUEUE : FirstStep.FENCE;
            }
            Thread.sleep(2); // looking again at an observable state, not waiting for luck
        }
        return observer.checkExists().forPath(jobNode) == null ? FirstStep.QUEUE : FirstStep.NEITHER;
    }

    /** A break-glass called and not yet judged: its answer to come, and what the check needs to judge it. */
    private record RepairCall(CompletableFuture<Reopening> future, Connection connection, long startedAtMillis,
            boolean zooKeeperUp, int queueBefore) {
    }

    private RepairCall startBreakGlass() throws Exception {
        Lab08 lab = (Lab08) code.load();
        boolean zooKeeperUp = zooKeeper.isRunning(0);
        int queueBefore = zooKeeperUp ? queueVersion() : 0;
        Connection connection = database.connect();
        long startedAt = System.currentTimeMillis();
        CompletableFuture<Reopening> future = CompletableFuture.supplyAsync(() -> {
            try {
                return lab.breakGlass(connection, operatorClient, seam.lockName(SEAT), SEAT, OPERATOR, REASON);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        return new RepairCall(future, connection, startedAt, zooKeeperUp, queueBefore);
    }

    /** Waits for the break-glass's answer as long as something that should happen at once may take. */
    private Repair finish(RepairCall call) throws Exception {
        Reopening reopening = null;
        Throwable failure = null;
        boolean returned = true;
        try {
            reopening = call.future().get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            returned = false;
            call.future().cancel(true);
            Timing.noteThatTheCodeHangs();
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof IllegalStateException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : e.getCause();
        }
        long endedAt = System.currentTimeMillis();
        if (returned) {
            call.connection().close();
        }
        int queueChanges = call.zooKeeperUp() ? queueVersion() - call.queueBefore() : 0;
        return new Repair(reopening, returned, failure, queueChanges, call.startedAtMillis(), endedAt);
    }

    /** The job wakes and sends its late write: a map that says A1 is free. Whether the seat database took it. */
    boolean jobWritesAgain() throws Exception {
        jobWakes.countDown();
        return lateWrite.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Bob's grant, waiting for it as long as a prompt hand-off may take. */
    Grant bobsGrant() throws Exception {
        try {
            return bobsGrant.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Grant(false, OptionalLong.empty());
        }
    }

    /** Bob, once granted, pays and confirms A1 with his token. */
    Sale bobBuys() throws Exception {
        bobGoesOn.countDown();
        return bobsSale.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Every ZooKeeper server stops: nobody can reach the lock service. Returns once the operator's client has heard
     * it, so that the break-glass meets a client that knows it is cut off, as an operator arriving during the outage
     * would.
     */
    void stopZooKeeper() throws Exception {
        CountDownLatch cutOff = new CountDownLatch(1);
        ConnectionStateListener listener = (client, state) -> {
            if (!state.isConnected()) {
                cutOff.countDown();
            }
        };
        operatorClient.getConnectionStateListenable().addListener(listener);
        try {
            zooKeeper.stop(0);
            if (!cutOff.await(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the ZooKeeper server was stopped, but the operator's client did not"
                        + " hear it within " + Timing.forPromptEvent().toMillis() + " ms");
            }
        } finally {
            operatorClient.getConnectionStateListenable().removeListener(listener);
        }
    }

    /**
     * The server starts again on its data; the clients reconnect in their sessions. "Serves again" means the
     * operator's own client is connected too: a ZooKeeper client waits up to a second, at random, between attempts
     * to reconnect, so the grader's client can be back well before the operator's, and a break-glass run in that gap
     * would be judged on a ZooKeeper its operator cannot reach yet.
     */
    void restartZooKeeper() throws Exception {
        zooKeeper.restart(0);
        awaitConnected(observer, "the grader's own client");
        awaitConnected(operatorClient, "the operator's client");
    }

    private static void awaitConnected(CuratorFramework client, String whose) throws InterruptedException {
        long waitMillis = Timing.forPromptEvent().toMillis();
        if (!client.blockUntilConnected((int) waitMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("ZooKeeper was started again, but " + whose + " did not reconnect within "
                    + waitMillis + " ms");
        }
    }

    /** The lock nodes in A1's folder. */
    List<String> lockNodes() throws Exception {
        return observer.getChildren().forPath(seam.lockName(SEAT));
    }

    /** The path of the lock node at the head of A1's queue: the job's. Curator's names end in a sequence number. */
    private String headOfQueue() throws Exception {
        return seam.lockName(SEAT) + "/" + lockNodes().stream()
                .min(Comparator.comparing(name -> name.substring(Math.max(0, name.length() - 10))))
                .orElseThrow(() -> new IllegalStateException("A1's folder is empty: the seat-map job holds no lock"));
    }

    /** The rows of {@code glass_broken}, one line each: operator, reason, token, broken_at. */
    List<GlassBroken> glassBroken() throws Exception {
        return GlassBroken.all(database);
    }

    AuditReport audit() throws Exception {
        return Audit.of(database);
    }

    /** Who A1 is sold to, or null. */
    String soldTo() throws Exception {
        try (Connection connection = database.connect();
             var select = connection.prepareStatement("SELECT sold_to FROM seat WHERE id = ?")) {
            select.setString(1, SEAT);
            try (var row = select.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }
    }

    private void jobTakesTheLockAndHangs(boolean writesFirst) throws Exception {
        threads.submit(() -> {
            try (TicketCounter counter = counter("Maps")) {
                DistributedLock lock = seam.lock(jobClient, "Maps", JOB.id(), SEAT);
                if (!lock.acquire(Timing.forPromptEvent())) {
                    throw new IllegalStateException("the seat-map job was not granted A1's free lock within "
                            + Timing.forPromptEvent().toMillis() + " ms");
                }
                OptionalLong token = lock.fencingToken();
                WritePass pass = new WritePass(JOB.id(), token, System.nanoTime());
                if (writesFirst && !counter.redrawSeat(JOB, pass, fence)) {
                    throw new IllegalStateException("the seat database refused the seat-map job's first write, with"
                            + " " + pass.tokenInWords());
                }
                jobHangs.complete(token);
                jobWakes.await();
                lateWrite.complete(counter.redrawSeat(JOB, pass, fence));
                // Hung jobs never let go: the lock stays as the break-glass left it.
            } catch (Throwable e) {
                jobHangs.completeExceptionally(e);
                lateWrite.completeExceptionally(e);
            }
            return null;
        });
        OptionalLong token = jobHangs.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        if (token.isEmpty()) {
            throw new IllegalStateException("the seat-map job's lock gave no fencing token: Lab 08's lock must carry"
                    + " Lab 06's token");
        }
    }

    private void bobQueues() throws Exception {
        threads.submit(() -> {
            try (TicketCounter counter = counter("Beta")) {
                DistributedLock lock = seam.lock(bobClient, "Beta", BOB.id(), SEAT);
                boolean granted = lock.acquire(Timing.forRace());
                bobsGrant.complete(new Grant(granted, granted ? lock.fencingToken() : OptionalLong.empty()));
                if (!granted) {
                    return null;
                }
                bobGoesOn.await();
                WritePass pass = new WritePass(BOB.id(), lock.fencingToken(), System.nanoTime());
                boolean charged = counter.charge(BOB, pass, fence);
                boolean confirmed = charged && counter.confirm(BOB, pass, fence);
                bobsSale.complete(new Sale(charged, confirmed));
                lock.release();
            } catch (Throwable e) {
                bobsGrant.completeExceptionally(e);
                bobsSale.completeExceptionally(e);
            }
            return null;
        });
        long deadline = System.nanoTime() + Timing.forPromptEvent().toNanos();
        while (lockNodes().size() < 2) {
            if (System.nanoTime() > deadline || bobsGrant.isDone()) {
                throw new IllegalStateException("Bob did not queue behind the seat-map job within "
                        + Timing.forPromptEvent().toMillis() + " ms: A1's folder holds " + lockNodes()
                        + (bobsGrant.isDone() ? "; Bob's attempt ended with " + bobsGrant.getNow(null) : ""));
            }
            Thread.sleep(10);
        }
    }

    private TicketCounter counter(String node) throws Exception {
        return new TicketCounter(node, database, new PaymentProvider(Duration.ZERO), StepListener.NONE);
    }

    /** How often A1's folder has gained or lost a lock node. */
    private int queueVersion() throws Exception {
        Stat stat = observer.checkExists().forPath(seam.lockName(SEAT));
        return stat == null ? 0 : stat.getCversion();
    }

    @Override
    public void close() {
        threads.shutdownNow();
        for (CuratorFramework client : new CuratorFramework[] {jobClient, bobClient, operatorClient, observer}) {
            if (client != null) {
                client.close();
            }
        }
        zooKeeper.close();
        ScratchFolders.deleteQuietly(folder);
    }
}
