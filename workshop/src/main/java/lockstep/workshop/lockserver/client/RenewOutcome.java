package lockstep.workshop.lockserver.client;

/** What a renew (or an {@code expire}) got: a longer lease, or the news that the lock is no longer yours. */
public sealed interface RenewOutcome permits RenewOutcome.Renewed, NotHeld {

    /** The lease was extended; use the new {@link Grant} from now on. */
    record Renewed(Grant grant) implements RenewOutcome {
    }
}
