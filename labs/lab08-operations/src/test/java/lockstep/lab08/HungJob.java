package lockstep.lab08;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
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
            SeatDatabase database = SeatDatabase.privateFile(folder.resolve("seats"));
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
        Lab08 lab = (Lab08) code.load();
        boolean zooKeeperUp = zooKeeper.isRunning(0);
        int queueBefore = zooKeeperUp ? queueVersion() : 0;
        Connection connection = database.connect();
        long startedAt = System.currentTimeMillis();
        CompletableFuture<Reopening> call = CompletableFuture.supplyAsync(() -> {
            try {
                return lab.breakGlass(connection, operatorClient, seam.lockName(SEAT), SEAT, OPERATOR, REASON);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, threads);
        Reopening reopening = null;
        Throwable failure = null;
        boolean returned = true;
        try {
            reopening = call.get(Timing.forPromptEvent().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            returned = false;
            call.cancel(true);
            Timing.noteThatTheCodeHangs();
        } catch (ExecutionException e) {
            failure = e.getCause() instanceof IllegalStateException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : e.getCause();
        }
        long endedAt = System.currentTimeMillis();
        if (returned) {
            connection.close();
        }
        int queueChanges = zooKeeperUp ? queueVersion() - queueBefore : 0;
        return new Repair(reopening, returned, failure, queueChanges, startedAt, endedAt);
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
