/**
 * The Java client of the lock server, and the values it answers with: what Lab 02's code and the toolkit use.
 *
 * <p>Start with {@link lockstep.workshop.lockserver.client.LockServerClient LockServerClient}. Outcomes the server
 * decides come back as values ({@link lockstep.workshop.lockserver.client.AcquireOutcome AcquireOutcome},
 * {@link lockstep.workshop.lockserver.client.RenewOutcome RenewOutcome},
 * {@link lockstep.workshop.lockserver.client.ReleaseOutcome ReleaseOutcome}); a broken connection or a refused request
 * is a {@link lockstep.workshop.lockserver.client.LockServerException LockServerException}. A
 * {@link lockstep.workshop.lockserver.client.LockClientListener LockClientListener} hears every
 * {@link lockstep.workshop.lockserver.client.LockClientStep LockClientStep}, which is where faults are injected.
 *
 * <p>This package depends on nothing else in the lock server: it speaks to it only over HTTP.
 */
package lockstep.workshop.lockserver.client;
