package lockstep.workshop.lockserver.table;

import java.util.List;

/**
 * One entry of the write-ahead log: a change to the lock table, or a checkpoint of the whole table.
 *
 * <p>Replaying the records of a log file in order rebuilds the table exactly as it was when the last record was made
 * durable. Expiry is not logged: a lease carries its absolute expiry, so replay knows which leases have run out.
 */
public sealed interface LogRecord {

    /** The whole table at the start of a log file: every lease, and the last fencing token ever handed out. */
    record Checkpoint(long lastFencingToken, List<Lease> leases) implements LogRecord {
        public Checkpoint {
            leases = List.copyOf(leases);
        }
    }

    /** A lock was granted (by acquire, setnx, the original API, or a hand-off to a waiter). */
    record Granted(Lease lease) implements LogRecord {
    }

    /** The holder's lease got a new expiry (renew, expire, or the original API's same-owner acquire). */
    record Renewed(String resource, long fencingToken, long expiresAtMillis) implements LogRecord {
    }

    /** The lock was released (by holder token, or by owner name in the original API). */
    record Released(String resource, long fencingToken) implements LogRecord {
    }
}
