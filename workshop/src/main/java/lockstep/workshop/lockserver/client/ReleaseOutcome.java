package lockstep.workshop.lockserver.client;

/** What a release got: done, or the news that the lock was no longer yours to release. */
public sealed interface ReleaseOutcome permits ReleaseOutcome.Released, NotHeld {

    /** The lock is free (or handed to the first waiter). */
    record Released(String resource, long fencingToken) implements ReleaseOutcome {
    }
}
