package lockstep.lab05;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;

/**
 * What a Curator client has told its connection-state listeners, and a way to wait until a state
 * has reached every one of them, the learner's included: Curator's counterpart of Lab 03's
 * "every watcher told".
 *
 * <p>Why it is needed: Curator tells its listeners one after another, on one thread of its own,
 * in no order anyone can choose. A check that let Alice go on the moment its own listener heard
 * {@code SUSPENDED} would race with her lock's listener, which may not have been called yet. So
 * this listener notes which thread calls it, and {@link #await} returns only once that thread has
 * gone back to waiting for the next state, in Curator's {@code ConnectionStateManager}: by then
 * every listener has returned from the state. (It reads the thread's stack to know, which ties it
 * to the name of Curator's method; if a Curator upgrade renames it, every wait here runs out and the
 * checks that use it say they are inconclusive.)
 */
final class ListenersTold implements ConnectionStateListener {

    private static final long LOOK_EVERY_MS = 1;

    /** Every state heard, in order. */
    private final List<ConnectionState> heard = new ArrayList<>();
    private Thread curatorsThread;

    private ListenersTold() {
    }

    /** Starts following what {@code curator} tells its listeners; call it before the fault. */
    static ListenersTold follow(CuratorFramework curator) {
        ListenersTold told = new ListenersTold();
        curator.getConnectionStateListenable().addListener(told);
        return told;
    }

    @Override
    public synchronized void stateChanged(CuratorFramework client, ConnectionState newState) {
        curatorsThread = Thread.currentThread();
        heard.add(newState);
        notifyAll();
    }

    /** Whether the client has told its listeners {@code state} since this began to follow it. */
    synchronized boolean hasHeard(ConnectionState state) {
        return heard.contains(state);
    }

    /** Every state heard so far, in order, for a message. */
    synchronized List<ConnectionState> heard() {
        return List.copyOf(heard);
    }

    /**
     * Waits until {@code state} has reached every listener of the client and each has returned;
     * false if not within {@code budget}.
     */
    boolean await(ConnectionState state, Duration budget) throws InterruptedException {
        return awaitAfter(null, state, budget);
    }

    /**
     * Waits until the client has told {@code state} after it told {@code earlier} (for example
     * RECONNECTED after LOST), and every listener has returned from it; false if not within
     * {@code budget}. A null {@code earlier} means any time.
     */
    boolean awaitAfter(ConnectionState earlier, ConnectionState state, Duration budget) throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        Thread thread;
        synchronized (this) {
            while (!heardInOrder(earlier, state)) {
                long left = (deadline - System.nanoTime()) / 1_000_000;
                if (left <= 0) {
                    return false;
                }
                wait(left);
            }
            thread = curatorsThread;
        }
        while (!waitsForTheNextState(thread)) {
            if (System.nanoTime() - deadline > 0) {
                return false; // a listener still runs: does one of them block?
            }
            Thread.sleep(LOOK_EVERY_MS);
        }
        return true;
    }

    private boolean heardInOrder(ConnectionState earlier, ConnectionState state) {
        int from = earlier == null ? 0 : heard.indexOf(earlier);
        return from >= 0 && heard.subList(from, heard.size()).contains(state);
    }

    /** Whether Curator's thread is back in its queue's poll, between two states, with no listener running. */
    private static boolean waitsForTheNextState(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        for (int i = 1; i < stack.length; i++) {
            if (stack[i].getMethodName().equals("processEvents")
                    && stack[i].getClassName().endsWith(".ConnectionStateManager")) {
                return stack[i - 1].getMethodName().equals("poll");
            }
        }
        return !thread.isAlive(); // a closed client tells nobody anything more
    }
}
