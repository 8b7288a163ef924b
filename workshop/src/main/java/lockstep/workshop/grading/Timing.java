package lockstep.workshop.grading;

import java.time.Duration;
import java.util.Optional;

/**
 * Every time budget of the graders and of the toolkit's tests, in one place, scaled by the system
 * property {@code lockstep.timing.scale} (default 1; try 2 or 3 on a slow or busy machine). Budgets
 * are upper bounds for waits on observable events, never sleeps that a check relies on: a correct
 * solution never comes near one, so a budget can only fail code that hangs.
 *
 * <p>Sessions are short (2 s; 6 s where a client must reconnect first) so that
 * the whole suite of fault tests runs in a few minutes on two cores.
 */
public final class Timing {

    private static final double SCALE = Double.parseDouble(System.getProperty("lockstep.timing.scale", "1"));

    /**
     * What the grade that runs on this thread has found about its code so far (see {@link GradeScope}). It belongs to
     * the thread that runs the grade and to the threads that thread starts, so grades side by side in one JVM (the
     * self-test's) never shorten each other's budgets.
     */
    private static final InheritableThreadLocal<GradeFindings> GRADE = new InheritableThreadLocal<>();

    private Timing() {
    }

    /** The session timeout of clients whose session a test expires. */
    public static Duration shortSession() {
        return scaled(Duration.ofSeconds(2));
    }

    /** The session timeout of clients that must survive a reconnect to another server. */
    public static Duration survivingSession() {
        return scaled(Duration.ofSeconds(6));
    }

    /** Enough for a session to expire on the server: its timeout, one tick, and a margin for a busy machine. */
    public static Duration forExpiryOf(Duration session) {
        return session.multipliedBy(2).plus(scaled(Duration.ofSeconds(3)));
    }

    /**
     * Enough for something that should happen at once (an answer, a hand-off, a watch, a reconnect, an election):
     * 10 s, or 3 s once this grade has found the code hanging ({@link #noteThatTheCodeHangs()}).
     */
    public static Duration forPromptEvent() {
        boolean codeHangs = currentGrade().map(grade -> grade.codeHangs).orElse(false);
        return scaled(Duration.ofSeconds(codeHangs ? 3 : 10));
    }

    /**
     * Enough for the live view to show a change (it looks twice a second) and for the browser that shows it to answer:
     * 10 s. Unlike {@link #forPromptEvent()} it stays 10 s after a grade has found code hanging, because what it waits
     * on is the toolkit and the browser, never the code under test.
     */
    public static Duration forLiveView() {
        return scaled(Duration.ofSeconds(10));
    }

    /**
     * Notes that the code under test hangs: a check found its buyers stopped for good. From then on a wait for
     * something that should happen at once ({@link #forPromptEvent()}) is shorter, so that one hang does not make every
     * later check of the grade wait its whole budget for a lock that will never come. Code that never hangs never
     * takes this path, so its checks always have the full budget. Outside a grade (the toolkit's own tests, a race
     * on the command line) it changes nothing.
     */
    public static void noteThatTheCodeHangs() {
        currentGrade().ifPresent(grade -> grade.hangFound = true);
    }

    /**
     * A check of the grade begins. A hang found by an earlier check shortens its budgets; one found by this check
     * waits for the next, so that a check's own messages name the budget its waits really had.
     */
    static void startCheck() {
        currentGrade().ifPresent(grade -> grade.codeHangs = grade.hangFound);
    }

    /** A grade begins on this thread: it starts with the full budgets, whatever earlier grades found. */
    static void startGrade() {
        GRADE.set(new GradeFindings());
    }

    /** The grade is over: what it found about its code is forgotten, also by threads it started that still run. */
    static void endGrade() {
        currentGrade().ifPresent(grade -> grade.over = true);
        GRADE.remove();
    }

    /** The findings of the grade this thread works for; none once it is over, or outside a grade (a race, a test). */
    private static Optional<GradeFindings> currentGrade() {
        GradeFindings grade = GRADE.get();
        return grade == null || grade.over ? Optional.empty() : Optional.of(grade);
    }

    /** What one grade has learnt about its code. */
    private static final class GradeFindings {

        /** Whether a check of this grade has found the code hanging; it shortens the budgets from the next check on. */
        volatile boolean hangFound;
        /** Whether an earlier check of this grade found the code hanging: the budgets of this check are short. */
        volatile boolean codeHangs;
        /** Whether the grade has ended: a thread it started that still runs no longer speaks for it. */
        volatile boolean over;
    }

    /** Enough for a child JVM to start and connect (about 1 s when the machine is idle). */
    public static Duration forChildJvm() {
        return scaled(Duration.ofSeconds(20));
    }

    /** How long a separate server JVM may take to start and print its URL. */
    public static Duration processStart() {
        return scaled(Duration.ofSeconds(30));
    }

    /** A request timeout short enough that a slow-client test is quick, long enough for a healthy request. */
    public static Duration shortRequestTimeout() {
        return scaled(Duration.ofMillis(300));
    }

    /**
     * How long to watch for something that must <em>not</em> happen (a waiter that must stay
     * queued). A check that uses it can only pass wrongly on a very slow machine, never fail
     * correct code.
     */
    public static Duration quietPeriod() {
        return scaled(Duration.ofMillis(300));
    }

    /**
     * Enough for a holder to renew a lease of {@code ttl} at least once: the TTL itself (a renewal that comes later
     * than that is worthless) and a margin for a busy machine. Only code that never renews runs out of it.
     */
    public static Duration forRenewalOf(Duration ttl) {
        return ttl.plus(scaled(Duration.ofSeconds(3)));
    }

    /**
     * How long to watch for renewals of a lease of {@code ttl} that should have stopped (after a release): the TTL,
     * in which a holder that keeps its lease renews at least once (three times at TTL / 3), and a margin for a busy
     * machine. Like {@link #quietPeriod()}, it can only let a leftover renewal go unseen on a very slow machine, never
     * fail code whose renewals stop.
     */
    public static Duration forLeftoverRenewalsOf(Duration ttl) {
        return ttl.plus(scaled(Duration.ofSeconds(1)));
    }

    /** Enough for a whole race to finish, node processes included (10 JVMs start in about 5 s on 2 cores). */
    public static Duration forRace() {
        return scaled(Duration.ofSeconds(90));
    }

    /** Scales a duration by {@code lockstep.timing.scale}. */
    public static Duration scaled(Duration duration) {
        return Duration.ofMillis(Math.round(duration.toMillis() * SCALE));
    }
}
