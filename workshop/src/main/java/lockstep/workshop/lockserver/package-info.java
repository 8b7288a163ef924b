/**
 * The TTL lock server of Lab 02 and its Java client, in five parts, one package each. Read them in this order.
 *
 * <ol>
 *   <li>{@link lockstep.workshop.lockserver.table table}: the algorithm, and the place to start.
 *       {@link lockstep.workshop.lockserver.table.LockTable LockTable} decides who holds which lock until when, who
 *       waits, and which fencing token a grant gets; a {@link lockstep.workshop.lockserver.table.Lease Lease} is one
 *       held lock; the {@link lockstep.workshop.lockserver.table.ExpiryTimer ExpiryTimer} ends leases on time, read
 *       from a {@link lockstep.workshop.lockserver.table.LockClock LockClock} that tests move by hand. It knows
 *       nothing of HTTP or files: it writes each change to a {@link lockstep.workshop.lockserver.table.TableLog
 *       TableLog} before making it.</li>
 *   <li>{@link lockstep.workshop.lockserver.api api}: what the HTTP endpoints mean. The holder-token API, the
 *       original workshop's API (unsafe on purpose) and the views for people turn a request into calls on the table
 *       and the table's outcome into a JSON answer; the input rules and their error messages live here too.
 *       {@code API.md} in that package is the reference for anyone writing a client.</li>
 *   <li>{@link lockstep.workshop.lockserver.log log}: the write-ahead log, what makes a grant survive
 *       {@code kill -9}. Every change is forced to disk before it is answered, many changes share one
 *       {@code fdatasync} (group commit), and recovery reads the newest complete file back.</li>
 *   <li>{@link lockstep.workshop.lockserver.http http}: the wire. One thread reads requests from every
 *       connection, hands them to the API, and writes each answer once the log says it is on disk; it also keeps
 *       the limits that protect the server from careless and hostile clients (request size, slow senders, idle and
 *       surplus connections).</li>
 *   <li>{@link lockstep.workshop.lockserver.client client}: the other end of the wire, and what the labs use.
 *       {@link lockstep.workshop.lockserver.client.LockServerClient LockServerClient} and the values it answers with
 *       ({@link lockstep.workshop.lockserver.client.Grant Grant}, the outcomes,
 *       {@link lockstep.workshop.lockserver.client.HeldLock HeldLock}, {@link lockstep.workshop.lockserver.client.LockEvent
 *       LockEvent}). The table builds its views in those same two value types, so the server and the client cannot
 *       drift apart on what a lock or an event is.</li>
 * </ol>
 *
 * <p>This package itself only assembles them: {@link lockstep.workshop.lockserver.LockServer LockServer} starts the
 * parts in order (the log, then the table, then the wire) and stops them in reverse;
 * {@link lockstep.workshop.lockserver.LockServerConfig LockServerConfig} holds every setting and limit;
 * {@link lockstep.workshop.lockserver.LoadTest LoadTest} measures the whole server through the client.
 *
 * <p>Classes are public only where another part needs them; each package's overview says which and why.
 */
package lockstep.workshop.lockserver;
