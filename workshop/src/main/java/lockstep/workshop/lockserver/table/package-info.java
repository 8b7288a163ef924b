/**
 * The lock table: the lock server's algorithm, with no HTTP and no files in it. Start with
 * {@link lockstep.workshop.lockserver.table.LockTable LockTable}, whose class comment states the guarantees.
 *
 * <p>Public for the other parts: the table and its inputs and outputs
 * ({@link lockstep.workshop.lockserver.table.Outcome Outcome}, {@link lockstep.workshop.lockserver.table.Waiter
 * Waiter}, {@link lockstep.workshop.lockserver.table.Lease Lease}) for the API; the
 * {@link lockstep.workshop.lockserver.table.TableLog TableLog} and the {@link lockstep.workshop.lockserver.table.LogRecord
 * LogRecord}s it takes, for the write-ahead log that implements it; the clocks, for configuration and tests; and
 * {@link lockstep.workshop.lockserver.table.HolderTokens#looksLikeToken HolderTokens.looksLikeToken}, so the API's
 * input rules and the table agree on what a holder token looks like.
 */
package lockstep.workshop.lockserver.table;
