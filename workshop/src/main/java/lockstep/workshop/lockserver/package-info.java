/**
 * The TTL lock server of Lab 02 and its Java client.
 *
 * <p>Start reading at {@link lockstep.workshop.lockserver.LockServer} (start and stop) and
 * {@link lockstep.workshop.lockserver.LockTable} (the algorithm: leases, fencing tokens, holder tokens, the wait
 * queue). Durability is {@link lockstep.workshop.lockserver.WriteAheadLog} and
 * {@link lockstep.workshop.lockserver.LogRecovery}; the wire is {@link lockstep.workshop.lockserver.HttpEventLoop}; the
 * API is documented in {@code API.md} beside these classes. Clients use
 * {@link lockstep.workshop.lockserver.LockServerClient}; {@link lockstep.workshop.lockserver.LoadTest} measures it all.
 */
package lockstep.workshop.lockserver;
